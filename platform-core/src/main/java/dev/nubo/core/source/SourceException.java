package dev.nubo.core.source;

/** Source code that cannot be unpacked safely; {@code code} is the stable field-error code. */
public class SourceException extends Exception {

    private final String code;

    public SourceException(String code, String message) {
        super(message);
        this.code = code;
    }

    public SourceException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
