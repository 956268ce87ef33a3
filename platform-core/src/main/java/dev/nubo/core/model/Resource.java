package dev.nubo.core.model;

/**
 * A stored object of one kind (Function now; triggers later): metadata + spec + status.
 *
 * @param <S> the spec type
 * @param <T> the status type
 */
public interface Resource<S, T> {

    String API_VERSION = "nubo.dev/v1";

    ObjectMeta metadata();

    S spec();

    T status();
}
