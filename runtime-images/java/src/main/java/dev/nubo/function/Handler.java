package dev.nubo.function;

/**
 * A Nubo-shape function: handler {@code Greeter.handle} names a class implementing this interface.
 * Any public method {@code Object name(Event, Context)} or {@code Object name(Event)} works the same way,
 * so does a class implementing {@code java.util.function.Function<Event, Object>} (handler {@code Class.apply}).
 *
 * <p>What the method returns becomes the response: {@code String} → text/plain, {@code byte[]} →
 * application/octet-stream, {@code Map}, {@code Collection}, array, record, {@code Number}, {@code Boolean} →
 * application/json, {@code null} → an empty body. A thrown exception becomes a 500 {@code Error: <message>}.
 *
 * <p>One instance serves every call, from several threads at once.
 */
@FunctionalInterface
public interface Handler {

    Object handle(Event event, Context context) throws Exception;
}
