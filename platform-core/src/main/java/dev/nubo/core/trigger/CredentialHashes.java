package dev.nubo.core.trigger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import dev.nubo.core.source.Checksums;

/**
 * How trigger credentials are kept: passwords bcrypt-hashed (people choose them, so a slow hash), bearer tokens
 * SHA-256-hashed (long random strings, so a fast hash is enough and a check costs microseconds). Verifying a password
 * costs a bcrypt round (~50–100 ms): callers on a hot path cache what they verified.
 */
public final class CredentialHashes {

    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder();
    /** Shortest bearer token accepted: shorter ones could be guessed against a fast hash. */
    public static final int MIN_TOKEN_LENGTH = 16;
    /** bcrypt reads at most 72 bytes: longer passwords are refused when set and never match. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private CredentialHashes() {
    }

    public static String hashPassword(String password) {
        return BCRYPT.encode(password);
    }

    public static boolean passwordMatches(String password, String hash) {
        // bcrypt would compare only the first 72 bytes: a longer password is not the one that was set
        return password != null && hash != null
                && password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES
                && BCRYPT.matches(password, hash);
    }

    public static String hashToken(String token) {
        return Checksums.sha256(token);
    }

    public static boolean tokenMatches(String token, String hash) {
        if (token == null || hash == null) {
            return false;
        }
        return MessageDigest.isEqual(hashToken(token).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }
}
