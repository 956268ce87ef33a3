package dev.nubo.core.trigger;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import dev.nubo.core.validation.FieldError;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * CronTrigger rules: a schedule {@link CronSchedule} can parse (its message beside the field) that fires at least
 * once more, an IANA time zone, a payload of at most {@value #MAX_PAYLOAD_BYTES} bytes as JSON, a concrete media type.
 */
public final class CronTriggerValidator implements TriggerValidator<CronTrigger> {

    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public List<FieldError> validate(CronTrigger trigger) {
        List<FieldError> errors = TriggerChecks.common(trigger, new ArrayList<>(), true);
        CronTriggerSpec spec = trigger.spec();
        if (spec != null) {
            errors.addAll(schedule(spec.schedule(), spec.timeZone(), "spec.schedule", "spec.timeZone"));
            payload(spec.payload(), errors);
            contentType(spec.contentType(), errors);
        }
        return errors;
    }

    /**
     * The schedule and time zone rules alone, with the field names the caller uses (the console's preview asks before
     * a trigger exists).
     */
    public static List<FieldError> schedule(String schedule, String timeZone, String scheduleField, String zoneField) {
        List<FieldError> errors = new ArrayList<>();
        ZoneId zone = ZoneOffset.UTC;
        if (timeZone != null && !timeZone.isBlank()) {
            try {
                zone = ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                errors.add(new FieldError(zoneField, "TIME_ZONE_INVALID", "unknown time zone "
                        + TriggerChecks.printable(timeZone) + "; use an IANA id such as Europe/Paris, or UTC"));
            }
        }
        if (schedule == null || schedule.isBlank()) {
            errors.add(new FieldError(scheduleField, "SCHEDULE_REQUIRED",
                    "a schedule is required, e.g. \"*/5 * * * *\" (every five minutes) or \"@hourly\""));
            return errors;
        }
        try {
            CronSchedule parsed = CronSchedule.parse(schedule, zone.getId());
            if (parsed.next(Instant.now()) == null) {
                errors.add(new FieldError(scheduleField, "SCHEDULE_NEVER_FIRES",
                        "this schedule names no date that exists (such as 30 February)"));
            }
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(scheduleField, "SCHEDULE_INVALID", e.getMessage()));
        }
        return errors;
    }

    private static void payload(Object payload, List<FieldError> errors) {
        if (payload == null) {
            return;
        }
        try {
            if (JSON.writeValueAsBytes(payload).length > MAX_PAYLOAD_BYTES) {
                errors.add(new FieldError("spec.payload", "PAYLOAD_TOO_LARGE",
                        "at most " + MAX_PAYLOAD_BYTES / 1024 + " KiB as JSON"));
            }
        } catch (JacksonException e) {
            errors.add(new FieldError("spec.payload", "PAYLOAD_INVALID", "the payload must be a JSON value"));
        }
    }

    private static void contentType(String contentType, List<FieldError> errors) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        try {
            MimeType type = MimeTypeUtils.parseMimeType(contentType);
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                errors.add(new FieldError("spec.contentType", "CONTENT_TYPE_INVALID",
                        "name a concrete media type such as application/json, not a wildcard"));
            }
        } catch (InvalidMimeTypeException e) {
            errors.add(new FieldError("spec.contentType", "CONTENT_TYPE_INVALID", "content type "
                    + TriggerChecks.printable(contentType) + " is not a media type such as application/json"));
        }
    }
}
