package dev.nubo.core.problem;

/** The stable {@code code} values of problem responses. Clients match on these, never on messages. */
public final class ProblemCodes {

    public static final String VALIDATION_FAILED = "VALIDATION_FAILED";
    public static final String MALFORMED_REQUEST = "MALFORMED_REQUEST";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
    public static final String FUNCTION_NOT_FOUND = "FUNCTION_NOT_FOUND";
    public static final String FUNCTION_EXISTS = "FUNCTION_EXISTS";
    /** No function code with the asked SHA-256 (the code-by-digest endpoint Kubernetes pods download from). */
    public static final String FUNCTION_SOURCE_NOT_FOUND = "FUNCTION_SOURCE_NOT_FOUND";
    public static final String FUNCTION_NOT_READY = "FUNCTION_NOT_READY";
    public static final String FUNCTION_TIMEOUT = "FUNCTION_TIMEOUT";
    /**
     * Every replica has as many calls as its {@code scaling.containerConcurrency} and the function's queue is full
     * (or no place freed in time): 503 with Retry-After.
     */
    public static final String FUNCTION_BUSY = "FUNCTION_BUSY";
    public static final String UPSTREAM_FAILED = "UPSTREAM_FAILED";
    /** Trigger codes: the store makes them from the kind ({@code <KIND>_NOT_FOUND}, {@code <KIND>_EXISTS}). */
    public static final String HTTPTRIGGER_NOT_FOUND = "HTTPTRIGGER_NOT_FOUND";
    public static final String HTTPTRIGGER_EXISTS = "HTTPTRIGGER_EXISTS";
    public static final String CRONTRIGGER_NOT_FOUND = "CRONTRIGGER_NOT_FOUND";
    public static final String CRONTRIGGER_EXISTS = "CRONTRIGGER_EXISTS";
    public static final String KAFKATRIGGER_NOT_FOUND = "KAFKATRIGGER_NOT_FOUND";
    public static final String KAFKATRIGGER_EXISTS = "KAFKATRIGGER_EXISTS";
    public static final String NATSTRIGGER_NOT_FOUND = "NATSTRIGGER_NOT_FOUND";
    public static final String NATSTRIGGER_EXISTS = "NATSTRIGGER_EXISTS";
    public static final String NAMESPACE_NOT_FOUND = "NAMESPACE_NOT_FOUND";
    public static final String NAMESPACE_EXISTS = "NAMESPACE_EXISTS";
    public static final String NAMESPACE_NOT_EMPTY = "NAMESPACE_NOT_EMPTY";
    public static final String NAMESPACE_PROTECTED = "NAMESPACE_PROTECTED";
    public static final String RESOURCE_VERSION_CONFLICT = "RESOURCE_VERSION_CONFLICT";
    public static final String NAME_MISMATCH = "NAME_MISMATCH";
    public static final String UNAUTHORIZED = "UNAUTHORIZED";
    public static final String FORBIDDEN = "FORBIDDEN";
    /** A write would take a namespace over one of its quotas: 403 naming the quota. */
    public static final String QUOTA_EXCEEDED = "QUOTA_EXCEEDED";
    public static final String USER_NOT_FOUND = "USER_NOT_FOUND";
    public static final String USER_EXISTS = "USER_EXISTS";
    public static final String TOKEN_NOT_FOUND = "TOKEN_NOT_FOUND";
    /** An invitation code that is unknown, used or expired (one answer for all three). */
    public static final String INVITATION_NOT_FOUND = "INVITATION_NOT_FOUND";
    /** Too many failed logins of one user from one address: 429 with Retry-After. */
    public static final String LOGIN_LOCKED = "LOGIN_LOCKED";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    /** An HttpTrigger's rate limit was reached: 429 with Retry-After. */
    public static final String RATE_LIMITED = "RATE_LIMITED";
    public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    public static final String URI_TOO_LONG = "URI_TOO_LONG";
    public static final String HEADERS_TOO_LARGE = "HEADERS_TOO_LARGE";
    public static final String STORE_UNAVAILABLE = "STORE_UNAVAILABLE";
    /** The API's writes are taken a few at a time; this one waited too long for its turn (503, Retry-After). */
    public static final String API_BUSY = "API_BUSY";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private ProblemCodes() {
    }
}
