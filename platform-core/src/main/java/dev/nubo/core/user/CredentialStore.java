package dev.nubo.core.user;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.nubo.core.source.Checksums;

/**
 * Users (bcrypt password hashes) and API tokens (SHA-256 hashes: tokens are long random strings, so a fast hash is
 * enough and keeps every request cheap). Neither a password nor a token is ever stored in clear.
 */
public class CredentialStore {

    public static final String TOKEN_PREFIX = "nubo_";
    private static final SecureRandom RANDOM = new SecureRandom();

    public record User(String name, String passwordHash, String role) {
    }

    public record Token(String id, String name, String subject, String role) {
    }

    private final JdbcTemplate jdbc;
    private final PasswordEncoder passwords;
    private final Clock clock;

    public CredentialStore(JdbcTemplate jdbc, PasswordEncoder passwords, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.clock = clock;
    }

    public Optional<User> user(String name) {
        return jdbc.query("SELECT name, password_hash, role FROM users WHERE name = ?",
                (rs, i) -> new User(rs.getString(1), rs.getString(2), rs.getString(3)), name).stream().findFirst();
    }

    public void saveUser(String name, String password, String role) {
        String hash = passwords.encode(password);
        if (jdbc.update("UPDATE users SET password_hash = ?, role = ? WHERE name = ?", hash, role, name) == 0) {
            jdbc.update("INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)", name, hash, role,
                    clock.instant().atOffset(ZoneOffset.UTC));
        }
    }

    public boolean passwordMatches(User user, String password) {
        return passwords.matches(password, user.passwordHash());
    }

    public Optional<Token> token(String presented) {
        return jdbc.query("SELECT id, name, subject, role FROM api_tokens WHERE token_hash = ?",
                (rs, i) -> new Token(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                hash(presented)).stream().findFirst();
    }

    /** Stores a token (given, or generated when null) for {@code subject} and returns its clear value once. */
    public String saveToken(String name, String subject, String role, String value) {
        String token = value != null ? value : newToken();
        if (token(token).isEmpty()) {
            jdbc.update("INSERT INTO api_tokens (id, name, token_hash, subject, role, created_at) VALUES (?,?,?,?,?,?)",
                    UUID.randomUUID().toString(), name, hash(token), subject, role,
                    clock.instant().atOffset(ZoneOffset.UTC));
        }
        return token;
    }

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String newPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        return Checksums.sha256(token);
    }
}
