package dev.nubo.core.validation;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;

/** 422 with every field error at once, so a client can fix all of them in one go. */
public class ValidationException extends ProblemException {

    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(422, ProblemCodes.VALIDATION_FAILED, "Validation failed", summary(errors), Map.of("errors", errors));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String summary(List<FieldError> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }
}
