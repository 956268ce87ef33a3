package dev.nubo.core.trigger;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.nubo.core.trigger.HttpTriggerSpec.BasicUser;
import dev.nubo.core.trigger.HttpTriggerSpec.BearerToken;
import dev.nubo.core.trigger.HttpTriggerSpec.Cors;
import dev.nubo.core.trigger.HttpTriggerSpec.HttpAuth;
import dev.nubo.core.trigger.HttpTriggerSpec.RateLimit;
import dev.nubo.core.validation.FieldError;

/**
 * HttpTrigger rules: one function by name; a path prefix starting with '/' without dot segments; an exact host (no
 * wildcards: {@code *.example.com} is refused, so no route silently matches more hosts than the gateway serves);
 * methods as HTTP tokens; auth {@code none | basic | bearer} with its credentials; sane CORS lists; a positive rate.
 * Messages never echo a password or token.
 */
public final class HttpTriggerValidator implements TriggerValidator<HttpTrigger> {

    static final int MAX_PATH_LENGTH = 1024;
    static final int MAX_HOST_LENGTH = 253;
    static final int MIN_PASSWORD_LENGTH = 8;
    static final int MAX_TOKEN_LENGTH = 4096;
    static final int MAX_CREDENTIALS = 100;
    static final int MAX_CORS_ENTRIES = 100;
    static final int MAX_CORS_AGE_SECONDS = 86_400;
    static final int MAX_RATE = 1_000_000;

    /** RFC 9110 token: methods and header names. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** RFC 3986 path characters, '%' only as the start of an escape (checked separately). */
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9\\-._~!$&'()*+,;=:@%/]*");
    private static final Pattern ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    /** Escapes of '/', '.' and '%' would let one path mean two things to the gateway and the function. */
    private static final Pattern AMBIGUOUS_ESCAPE = Pattern.compile("%(2[eEfF]|25)");
    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern USERNAME = Pattern.compile("[^:\\p{Cntrl}]{1,256}");
    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9._-]{1,63}");
    /** RFC 6750 b64token: what a bearer token may contain to travel in an Authorization header. */
    private static final Pattern BEARER = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> AUTH_TYPES = Set.of(HttpAuth.NONE, HttpAuth.BASIC, HttpAuth.BEARER,
            HttpAuth.TENANT_TOKEN);

    @Override
    public List<FieldError> validate(HttpTrigger trigger) {
        List<FieldError> errors = TriggerChecks.common(trigger, new ArrayList<>(), false);
        HttpTriggerSpec spec = trigger.spec();
        if (spec != null) {
            path(spec.path(), errors);
            host(spec.host(), errors);
            methods("spec.methods", spec.methods(), errors);
            auth(spec.auth(), errors);
            cors(spec.cors(), errors);
            rateLimit(spec.rateLimit(), errors);
        }
        return errors;
    }

    private static void path(String path, List<FieldError> errors) {
        if (path == null || path.isEmpty()) {
            return; // defaults to "/"
        }
        if (path.length() > MAX_PATH_LENGTH || !PATH.matcher(path).matches() || ESCAPE.matcher(path).find()) {
            errors.add(new FieldError("spec.path", "PATH_INVALID", "must start with '/' and hold only URL path"
                    + " characters (letters, digits, -._~!$&'()*+,;=:@/ and %XX escapes), at most " + MAX_PATH_LENGTH
                    + " characters; no query or fragment"));
            return;
        }
        if (AMBIGUOUS_ESCAPE.matcher(path).find()) {
            errors.add(new FieldError("spec.path", "PATH_INVALID",
                    "escaped '/', '.' or '%' (%2F, %2E, %25) are refused: write the character itself"));
        }
        if (path.contains("//")) {
            errors.add(new FieldError("spec.path", "PATH_INVALID", "empty segments ('//') are not allowed"));
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                errors.add(new FieldError("spec.path", "PATH_INVALID", "'.' and '..' segments are not allowed"));
                return;
            }
        }
    }

    private static void host(String host, List<FieldError> errors) {
        if (host == null || host.isBlank()) {
            return;
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("*.")) {
            errors.add(new FieldError("spec.host", "HOST_WILDCARD_UNSUPPORTED",
                    "wildcard hosts are not supported: name the exact host, or leave host out to match every host"));
            return;
        }
        boolean valid = name.length() <= MAX_HOST_LENGTH && !name.endsWith(".");
        for (String label : name.split("\\.", -1)) {
            valid &= label.length() <= 63 && HOST_LABEL.matcher(label).matches();
        }
        if (!valid) {
            errors.add(new FieldError("spec.host", "HOST_INVALID", "host " + TriggerChecks.printable(host)
                    + " is not a DNS name (labels of letters, digits and '-' separated by dots; no port, no scheme)"));
        }
    }

    private static void methods(String field, List<String> methods, List<FieldError> errors) {
        for (String method : methods) {
            if (method == null || !TOKEN.matcher(method).matches() || method.length() > 32) {
                errors.add(new FieldError(field, "METHOD_INVALID",
                        "method " + TriggerChecks.printable(method) + " is not an HTTP method name"));
            }
        }
    }

    private static void auth(HttpAuth auth, List<FieldError> errors) {
        if (auth == null) {
            return; // none
        }
        String type = auth.type();
        if (type == null) {
            if (!auth.users().isEmpty() || !auth.tokens().isEmpty()) {
                errors.add(new FieldError("spec.auth.type", "AUTH_TYPE_INVALID",
                        "say which credentials these are: type basic (users) or bearer (tokens)"));
            }
            return;
        }
        if (!AUTH_TYPES.contains(type)) {
            errors.add(new FieldError("spec.auth.type", "AUTH_TYPE_INVALID",
                    "type " + TriggerChecks.printable(type) + " is not one of none, basic, bearer, tenantToken"));
            return;
        }
        boolean basic = type.equals(HttpAuth.BASIC);
        boolean bearer = type.equals(HttpAuth.BEARER);
        if (!basic && !auth.users().isEmpty()) {
            errors.add(new FieldError("spec.auth.users", "AUTH_CREDENTIALS_UNEXPECTED",
                    "users belong to type basic; this trigger's auth is " + type));
        }
        if (!bearer && !auth.tokens().isEmpty()) {
            errors.add(new FieldError("spec.auth.tokens", "AUTH_CREDENTIALS_UNEXPECTED",
                    "tokens belong to type bearer; this trigger's auth is " + type));
        }
        if (basic) {
            users(auth.users(), errors);
        }
        if (bearer) {
            tokens(auth.tokens(), errors);
        }
    }

    private static void users(List<BasicUser> users, List<FieldError> errors) {
        if (users.isEmpty() || users.size() > MAX_CREDENTIALS) {
            errors.add(new FieldError("spec.auth.users", "AUTH_CREDENTIALS_REQUIRED",
                    "basic auth needs between 1 and " + MAX_CREDENTIALS + " users"));
            return;
        }
        if (!TriggerChecks.unique(users.stream().map(u -> u == null ? null : u.username()).toList())) {
            errors.add(new FieldError("spec.auth.users", "USERNAME_DUPLICATE", "every username may appear once"));
        }
        for (int i = 0; i < users.size(); i++) {
            String field = "spec.auth.users[" + i + "]";
            BasicUser user = users.get(i);
            if (user == null || user.username() == null || !USERNAME.matcher(user.username()).matches()) {
                errors.add(new FieldError(field + ".username", "USERNAME_INVALID",
                        "a username is 1 to 256 characters without ':' or control characters"));
            }
            if (user == null) {
                continue;
            }
            if (user.password() != null) {
                password(field + ".password", user.password(), errors);
            } else if (user.passwordHash() == null) {
                errors.add(new FieldError(field + ".password", "PASSWORD_REQUIRED",
                        "a new user needs a password (a user the trigger already has keeps its password when the"
                                + " password is left out)"));
            } else if (!BCRYPT.matcher(user.passwordHash()).matches()) {
                errors.add(new FieldError(field + ".passwordHash", "CREDENTIAL_HASH_INVALID",
                        "not a bcrypt hash"));
            }
        }
    }

    private static void password(String field, String password, List<FieldError> errors) {
        if (password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
            errors.add(new FieldError(field, "PASSWORD_TOO_SHORT",
                    "a password has at least " + MIN_PASSWORD_LENGTH + " characters"));
        } else if (password.getBytes(StandardCharsets.UTF_8).length > CredentialHashes.MAX_PASSWORD_BYTES) {
            errors.add(new FieldError(field, "PASSWORD_TOO_LONG", "a password has at most "
                    + CredentialHashes.MAX_PASSWORD_BYTES + " bytes (UTF-8): bcrypt ignores the rest"));
        } else if (TriggerChecks.hasControlCharacters(password)) {
            errors.add(new FieldError(field, "PASSWORD_INVALID", "a password holds no control characters"));
        }
    }

    private static void tokens(List<BearerToken> tokens, List<FieldError> errors) {
        if (tokens.isEmpty() || tokens.size() > MAX_CREDENTIALS) {
            errors.add(new FieldError("spec.auth.tokens", "AUTH_CREDENTIALS_REQUIRED",
                    "bearer auth needs between 1 and " + MAX_CREDENTIALS + " tokens"));
            return;
        }
        if (!TriggerChecks.unique(tokens.stream().map(t -> t == null ? null : t.name()).toList())) {
            errors.add(new FieldError("spec.auth.tokens", "TOKEN_NAME_DUPLICATE", "every token name may appear once"));
        }
        for (int i = 0; i < tokens.size(); i++) {
            String field = "spec.auth.tokens[" + i + "]";
            BearerToken token = tokens.get(i);
            if (token == null || token.name() == null || !TOKEN_NAME.matcher(token.name()).matches()) {
                errors.add(new FieldError(field + ".name", "TOKEN_NAME_INVALID",
                        "a token is named with 1 to 63 letters, digits, '.', '_' or '-', so it can be told apart"
                                + " and revoked"));
            }
            if (token == null) {
                continue;
            }
            if (token.token() != null) {
                tokenValue(field + ".token", token.token(), errors);
            } else if (token.tokenHash() == null) {
                errors.add(new FieldError(field + ".token", "TOKEN_REQUIRED",
                        "a new token needs its value (a token the trigger already has keeps its value when the value"
                                + " is left out)"));
            } else if (!SHA256_HEX.matcher(token.tokenHash()).matches()) {
                errors.add(new FieldError(field + ".tokenHash", "CREDENTIAL_HASH_INVALID", "not a SHA-256 hash"));
            }
        }
    }

    private static void tokenValue(String field, String token, List<FieldError> errors) {
        if (token.length() < CredentialHashes.MIN_TOKEN_LENGTH) {
            errors.add(new FieldError(field, "TOKEN_TOO_SHORT", "a token has at least "
                    + CredentialHashes.MIN_TOKEN_LENGTH + " characters (shorter ones can be guessed)"));
        } else if (token.length() > MAX_TOKEN_LENGTH) {
            errors.add(new FieldError(field, "TOKEN_TOO_LONG", "a token has at most " + MAX_TOKEN_LENGTH + " characters"));
        } else if (!BEARER.matcher(token).matches()) {
            errors.add(new FieldError(field, "TOKEN_INVALID",
                    "a bearer token holds letters, digits and -._~+/ (then '=' padding), as RFC 6750 allows"));
        }
    }

    private static void cors(Cors cors, List<FieldError> errors) {
        if (cors == null) {
            return;
        }
        List<String> origins = cors.allowOrigins() == null ? List.of() : cors.allowOrigins();
        if (origins.isEmpty() || origins.size() > MAX_CORS_ENTRIES) {
            errors.add(new FieldError("spec.cors.allowOrigins", "CORS_INVALID",
                    "name between 1 and " + MAX_CORS_ENTRIES + " origins (scheme://host[:port]) or \"*\""));
        }
        for (String origin : origins) {
            if (!isOrigin(origin)) {
                errors.add(new FieldError("spec.cors.allowOrigins", "CORS_INVALID", "origin "
                        + TriggerChecks.printable(origin) + " is not \"*\" or scheme://host[:port] (no path)"));
            }
        }
        if (origins.contains("*") && origins.size() > 1) {
            errors.add(new FieldError("spec.cors.allowOrigins", "CORS_INVALID", "\"*\" already allows every origin"));
        }
        if (Boolean.TRUE.equals(cors.allowCredentials()) && origins.contains("*")) {
            errors.add(new FieldError("spec.cors.allowCredentials", "CORS_INVALID",
                    "browsers refuse credentials with origin \"*\": name the origins"));
        }
        boolean credentials = Boolean.TRUE.equals(cors.allowCredentials());
        corsList("spec.cors.allowMethods", cors.allowMethods(), credentials, "an HTTP method name", errors);
        corsList("spec.cors.allowHeaders", cors.allowHeaders(), credentials, "a header name", errors);
        corsList("spec.cors.exposeHeaders", cors.exposeHeaders(), credentials, "a header name", errors);
        Integer maxAge = cors.maxAgeSeconds();
        if (maxAge != null && (maxAge < 0 || maxAge > MAX_CORS_AGE_SECONDS)) {
            errors.add(new FieldError("spec.cors.maxAgeSeconds", "CORS_INVALID",
                    "must be between 0 and " + MAX_CORS_AGE_SECONDS + " seconds"));
        }
    }

    /** Method or header names, or "*" (any) — which browsers read literally when credentials are allowed. */
    private static void corsList(String field, List<String> values, boolean credentials, String what,
            List<FieldError> errors) {
        if (values == null) {
            return;
        }
        if (values.size() > MAX_CORS_ENTRIES) {
            errors.add(new FieldError(field, "CORS_INVALID", "at most " + MAX_CORS_ENTRIES + " entries"));
        }
        for (String value : values) {
            if ("*".equals(value) && credentials) {
                errors.add(new FieldError(field, "CORS_INVALID",
                        "with allowCredentials browsers read \"*\" literally: list the names"));
            } else if (value == null || !TOKEN.matcher(value).matches() || value.length() > 256) {
                errors.add(new FieldError(field, "CORS_INVALID",
                        TriggerChecks.printable(value) + " is not " + what + " or \"*\""));
            }
        }
    }

    private static boolean isOrigin(String origin) {
        if ("*".equals(origin)) {
            return true;
        }
        if (origin == null || origin.length() > 512) {
            return false;
        }
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme();
            return scheme != null && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawPath().isEmpty() && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void rateLimit(RateLimit limit, List<FieldError> errors) {
        rateLimit(limit, "spec.rateLimit", errors);
    }

    /** A token bucket's bounds, reported under {@code field} (functions' {@code spec.access.rateLimit} too). */
    public static void rateLimit(RateLimit limit, String field, List<FieldError> errors) {
        if (limit == null) {
            return;
        }
        Integer rate = limit.requestsPerSecond();
        if (rate == null || rate < 1 || rate > MAX_RATE) {
            errors.add(new FieldError(field + ".requestsPerSecond", "RATE_LIMIT_INVALID",
                    "must be between 1 and " + MAX_RATE + " requests per second"));
        }
        Integer burst = limit.burst();
        if (burst != null && (burst < 1 || burst > MAX_RATE)) {
            errors.add(new FieldError(field + ".burst", "RATE_LIMIT_INVALID",
                    "must be between 1 and " + MAX_RATE + " requests"));
        }
    }
}
