package dev.nubo.triggers.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

import dev.nubo.core.trigger.CredentialHashes;
import dev.nubo.core.trigger.HttpTriggerSpec.BasicUser;
import dev.nubo.core.trigger.HttpTriggerSpec.BearerToken;
import dev.nubo.core.trigger.HttpTriggerSpec.HttpAuth;

/**
 * Checks a call's Authorization header against a trigger's hashed credentials.
 *
 * <p>Bearer tokens are SHA-256-hashed, so a check is one hash and a set lookup, on the event loop. Basic passwords
 * are bcrypt-hashed (~50–100 ms a check): the first check of a credential runs on {@code slowChecks}, off the event
 * loop, and a success is remembered under the SHA-256 of what was presented, so later calls with the same credential
 * are as fast as a bearer's. Failures are not remembered (each costs a bcrypt round: the rate limit, checked first,
 * bounds them). A changed user list gives the trigger a new authenticator, and so an empty cache.
 */
final class HttpAuthenticator {

    /** Most credentials remembered per trigger; past it the cache starts over (it refills at one bcrypt each). */
    static final int MAX_REMEMBERED = 4096;
    /** Unknown users cost a bcrypt round too, so the answer time does not tell which usernames exist. */
    private static final String DUMMY_HASH = CredentialHashes.hashPassword("nubo-no-such-user-placeholder");

    private final HttpAuth auth;
    private final String challenge;
    private final Set<String> tokenHashes;
    private final Map<String, String> passwordHashes;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();
    private final Executor slowChecks;

    HttpAuthenticator(HttpAuth auth, String realm, Executor slowChecks) {
        this.auth = auth == null ? HttpAuth.none() : auth;
        this.slowChecks = slowChecks;
        this.tokenHashes = this.auth.tokens().stream().map(BearerToken::tokenHash)
                .filter(java.util.Objects::nonNull).collect(Collectors.toUnmodifiableSet());
        Map<String, String> users = new HashMap<>();
        for (BasicUser user : this.auth.users()) {
            if (user.passwordHash() != null) {
                users.putIfAbsent(user.username(), user.passwordHash());
            }
        }
        this.passwordHashes = Map.copyOf(users);
        String quotedRealm = "realm=\"" + realm.replace("\"", "") + "\"";
        this.challenge = switch (this.auth.type()) {
            case HttpAuth.BASIC -> "Basic " + quotedRealm + ", charset=\"UTF-8\"";
            case HttpAuth.BEARER, HttpAuth.TENANT_TOKEN -> "Bearer " + quotedRealm;
            default -> null;
        };
    }

    HttpAuth auth() {
        return auth;
    }

    boolean required() {
        return challenge != null;
    }

    /** The WWW-Authenticate value of a 401; a bearer token that was presented and refused says so (RFC 6750). */
    String challenge(boolean credentialsPresented) {
        return credentialsPresented && (HttpAuth.BEARER.equals(auth.type()) || HttpAuth.TENANT_TOKEN.equals(auth.type()))
                ? challenge + ", error=\"invalid_token\"" : challenge;
    }

    CredentialCheck check(String authorization) {
        if (challenge == null) {
            return CredentialCheck.ALLOWED;
        }
        if (HttpAuth.TENANT_TOKEN.equals(auth.type())) {
            return CredentialCheck.TENANT_TOKEN;
        }
        if (HttpAuth.BEARER.equals(auth.type())) {
            String token = credentials(authorization, "Bearer");
            return token != null && tokenHashes.contains(CredentialHashes.hashToken(token)) ? CredentialCheck.ALLOWED
                    : CredentialCheck.DENIED;
        }
        String basic = credentials(authorization, "Basic");
        if (basic == null) {
            return CredentialCheck.DENIED;
        }
        return verified.contains(CredentialHashes.hashToken(basic)) ? CredentialCheck.ALLOWED : CredentialCheck.CHECK_SLOWLY;
    }

    /** The bcrypt check of a basic credential {@link #check} could not decide, off the caller's thread. */
    CompletableFuture<Boolean> checkSlowly(String authorization) {
        String basic = credentials(authorization, "Basic");
        if (basic == null) {
            return CompletableFuture.completedFuture(false);
        }
        try {
            return CompletableFuture.supplyAsync(() -> verify(basic), slowChecks);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e); // the checks' queue is full: the caller answers 429
        }
    }

    private boolean verify(String basic) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String hash = passwordHashes.get(decoded.substring(0, colon));
        boolean matches = CredentialHashes.passwordMatches(decoded.substring(colon + 1),
                hash == null ? DUMMY_HASH : hash) && hash != null;
        if (matches) {
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.add(CredentialHashes.hashToken(basic));
        }
        return matches;
    }

    /** The credentials after the scheme name (compared without case, as RFC 9110 says), or null. */
    private static String credentials(String authorization, String scheme) {
        if (authorization == null || authorization.length() <= scheme.length() + 1
                || !authorization.regionMatches(true, 0, scheme, 0, scheme.length())
                || authorization.charAt(scheme.length()) != ' ') {
            return null;
        }
        String value = authorization.substring(scheme.length() + 1).strip();
        return value.isEmpty() ? null : value;
    }
}
