package dev.nubo.core.trigger;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.nubo.core.validation.FieldError;

/**
 * NatsTrigger rules: a subject of dot-separated tokens where {@code *} stands for one token and {@code >} for the
 * rest (last only); JetStream stream and consumer names; the delivery bounds of {@link KafkaTriggerValidator}; and
 * dead-letter and reply subjects that are concrete and outside the trigger's own subject (a message would loop).
 */
public final class NatsTriggerValidator implements TriggerValidator<NatsTrigger> {

    static final int MAX_SUBJECT_LENGTH = 255;
    static final int MAX_NAME_LENGTH = 255;
    static final String SUBJECT_PLACEHOLDER = "{subject}";
    /** What a token may hold: no whitespace, no control characters, not the separator or the wildcards. */
    private static final Pattern TOKEN = Pattern.compile("[^\\s\\p{Cntrl}.*>]+");
    /** JetStream names end up in file names and API subjects: a portable subset. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    @Override
    public List<FieldError> validate(NatsTrigger trigger) {
        List<FieldError> errors = TriggerChecks.common(trigger, new ArrayList<>(), true);
        NatsTriggerSpec spec = trigger.spec();
        if (spec == null) {
            return errors;
        }
        boolean subjectValid = spec.subject() != null && isSubject(spec.subject(), true);
        if (spec.subject() == null || spec.subject().isEmpty()) {
            errors.add(new FieldError("spec.subject", "SUBJECT_REQUIRED", "name the subject to consume, e.g. orders.>"));
        } else if (!subjectValid) {
            errors.add(new FieldError("spec.subject", "SUBJECT_INVALID", subjectRule(spec.subject(), true)));
        } else if (spec.subject().startsWith("$")) {
            errors.add(new FieldError("spec.subject", "SUBJECT_INVALID",
                    "subjects starting with $ belong to the NATS server ($SYS, $JS, …)"));
        }
        name("spec.stream", "STREAM_INVALID", spec.stream(), errors);
        name("spec.consumer", "CONSUMER_INVALID", spec.consumer(), errors);
        TriggerChecks.range("spec.maxConcurrency", spec.maxConcurrency(), 1, TriggerChecks.MAX_CONCURRENCY, errors);
        TriggerChecks.range("spec.maxRetries", spec.maxRetries(), 0, TriggerChecks.MAX_RETRIES, errors);
        TriggerChecks.backoff("spec.retryBackoff", spec.retryBackoff(), errors);
        deadLetter(spec, subjectValid, errors);
        reply(spec, subjectValid, errors);
        return errors;
    }

    /**
     * NATS subject syntax.
     *
     * @param wildcards whether {@code *} (one token) and {@code >} (the remaining tokens, last only) may appear
     */
    public static boolean isSubject(String subject, boolean wildcards) {
        if (subject == null || subject.isEmpty() || subject.length() > MAX_SUBJECT_LENGTH) {
            return false;
        }
        String[] tokens = subject.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            boolean wildcard = token.equals("*") || (token.equals(">") && i == tokens.length - 1);
            if (!(wildcards && wildcard) && !TOKEN.matcher(token).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Whether a concrete subject is one the pattern subscribes to. */
    public static boolean matches(String pattern, String subject) {
        String[] wanted = pattern.split("\\.", -1);
        String[] given = subject.split("\\.", -1);
        for (int i = 0; i < wanted.length; i++) {
            if (wanted[i].equals(">")) {
                return given.length > i;
            }
            if (i >= given.length || !(wanted[i].equals("*") || wanted[i].equals(given[i]))) {
                return false;
            }
        }
        return wanted.length == given.length;
    }

    private static void name(String field, String code, String value, List<FieldError> errors) {
        if (value != null && (value.length() > MAX_NAME_LENGTH || !NAME.matcher(value).matches())) {
            errors.add(new FieldError(field, code, TriggerChecks.printable(value)
                    + " is not a JetStream name: 1 to " + MAX_NAME_LENGTH + " of A-Z a-z 0-9 _ -"));
        }
    }

    private static void deadLetter(NatsTriggerSpec spec, boolean subjectValid, List<FieldError> errors) {
        String pattern = spec.deadLetterSubject() == null ? NatsTriggerSpec.DEFAULT_DEAD_LETTER : spec.deadLetterSubject();
        if (pattern.isEmpty()) {
            return; // dropped after the retries
        }
        if (!subjectValid) {
            return;
        }
        // {subject} is the message's own subject: try it with the trigger's subject, wildcards filled in
        String example = concrete(spec.subject());
        String resolved = pattern.replace(SUBJECT_PLACEHOLDER, example);
        if (!isSubject(resolved, false)) {
            errors.add(new FieldError("spec.deadLetterSubject", "SUBJECT_INVALID", "the dead-letter subject "
                    + subjectRule(pattern, false) + "; {subject} stands for the message's subject; \"\" drops failed"
                    + " messages"));
        } else if (matches(spec.subject(), resolved)) {
            errors.add(new FieldError("spec.deadLetterSubject", "DEAD_LETTER_LOOP", "a failed message of "
                    + example + " would go to " + resolved + ", which falls under " + spec.subject()
                    + ": it would loop; choose a dead-letter subject outside it (or \"\" to drop)"));
        }
    }

    private static void reply(NatsTriggerSpec spec, boolean subjectValid, List<FieldError> errors) {
        String reply = spec.replySubject();
        if (reply == null) {
            return;
        }
        if (!isSubject(reply, false)) {
            errors.add(new FieldError("spec.replySubject", "SUBJECT_INVALID", "the reply subject "
                    + subjectRule(reply, false)));
        } else if (subjectValid && matches(spec.subject(), reply)) {
            errors.add(new FieldError("spec.replySubject", "REPLY_LOOP", "answers would go to " + reply
                    + ", which falls under " + spec.subject() + ": they would loop"));
        }
    }

    /** A subject the pattern matches: each wildcard replaced by one token. */
    static String concrete(String pattern) {
        StringBuilder out = new StringBuilder();
        for (String token : pattern.split("\\.", -1)) {
            out.append(out.isEmpty() ? "" : ".").append(token.equals("*") || token.equals(">") ? "any" : token);
        }
        return out.toString();
    }

    private static String subjectRule(String subject, boolean wildcards) {
        return TriggerChecks.printable(subject) + " is not a NATS subject: tokens separated by '.', no spaces"
                + (wildcards ? ", '*' for one token and '>' (last) for the rest" : ", no wildcards");
    }
}
