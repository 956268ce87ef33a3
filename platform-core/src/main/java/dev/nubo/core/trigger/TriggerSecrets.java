package dev.nubo.core.trigger;

import java.util.List;

import dev.nubo.core.validation.FieldError;

/**
 * How a trigger kind keeps the secrets of its spec: they arrive in clear text, are stored only as hashes, and are
 * never shown again. Kinds without secrets use {@link #none()}.
 *
 * @param <S> the spec type
 */
public interface TriggerSecrets<S extends TriggerSpec> {

    /** Secret fields a client may not set itself (hashes are the platform's), as field errors. */
    List<FieldError> refused(S submitted);

    /**
     * A replacement that repeats a credential without its secret keeps the stored hash; one that resubmits the same
     * secret keeps the stored hash too (no needless change); a new secret replaces it.
     */
    S keepStored(S submitted, S stored);

    /** Clear-text secrets replaced by their hashes: the form that is stored. */
    S hash(S spec);

    /** What readers see: no secret and no hash, only the names of the credentials. */
    S redact(S spec);

    static <S extends TriggerSpec> TriggerSecrets<S> none() {
        return new TriggerSecrets<>() {
            @Override
            public List<FieldError> refused(S submitted) {
                return List.of();
            }

            @Override
            public S keepStored(S submitted, S stored) {
                return submitted;
            }

            @Override
            public S hash(S spec) {
                return spec;
            }

            @Override
            public S redact(S spec) {
                return spec;
            }
        };
    }
}
