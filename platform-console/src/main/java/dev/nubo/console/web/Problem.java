package dev.nubo.console.web;

import java.util.List;

import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

/** A use case's refusal as the console shows it: title, detail, stable code, and the fields at fault. */
public record Problem(int status, String code, String title, String detail, List<FieldError> errors) {

    public static Problem of(ProblemException e) {
        List<FieldError> errors = e instanceof ValidationException v ? v.errors() : List.of();
        return new Problem(e.status(), e.code(), e.title(), e.detail(), errors);
    }
}
