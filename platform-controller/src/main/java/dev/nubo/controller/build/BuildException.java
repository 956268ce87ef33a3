package dev.nubo.controller.build;

/** A build that cannot succeed without the user changing something; {@code reason} becomes the condition reason. */
public class BuildException extends Exception {

    private final String reason;

    public BuildException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BuildException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
