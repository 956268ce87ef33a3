package dev.nubo.core.user;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.nubo.core.source.Checksums;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.Names;

/**
 * Users (bcrypt password hashes) and API tokens (SHA-256 hashes: tokens are long random strings, so a fast hash is
 * enough and keeps every request cheap). Neither a password nor a token is ever stored in clear.
 */
public class CredentialStore {

    public static final String TOKEN_PREFIX = "nubo_";
    public static final int MIN_PASSWORD = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    public record User(String name, String passwordHash, String role) {
    }

    /**
     * An API token as stored (never its value). {@code namespaces} null: every namespace of its subject;
     * {@code expiresAt} null: never.
     */
    public record Token(String id, String name, String subject, String role, Set<String> namespaces,
            Instant createdAt, Instant expiresAt, Instant lastUsedAt) {

        public Caller caller(boolean platformAdmin) {
            return new Caller(subject, platformAdmin, namespaces, NamespaceRole.parse(role).orElse(NamespaceRole.VIEWER));
        }
    }

    /** A new token: its clear value is shown this once. */
    public record Issued(Token token, String value) {
    }

    private static final String TOKEN_COLUMNS = "id, name, subject, role, namespaces, created_at, expires_at, last_used_at";
    private static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);
    private final Map<String, Instant> lastUseWritten = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    private final JdbcTemplate jdbc;
    private final PasswordEncoder passwords;
    private final Clock clock;

    public CredentialStore(JdbcTemplate jdbc, PasswordEncoder passwords, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.clock = clock;
    }

    /** Counts changes of passwords, roles, users and revocations made through this instance (for caches of verdicts). */
    public long changes() {
        return changes.get();
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
        changes.incrementAndGet(); // after the write: a verdict read before it is older than the new count
    }

    /** Creates a user that does not exist yet; false (nothing changed) when the name is taken. */
    public boolean createUser(String name, String password, String role) {
        try {
            jdbc.update("INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)", name,
                    passwords.encode(password), role, clock.instant().atOffset(ZoneOffset.UTC));
        } catch (org.springframework.dao.DuplicateKeyException e) {
            return false;
        }
        changes.incrementAndGet();
        return true;
    }

    /** What is wrong with a new user's name and password (empty: nothing); the API and invitations share it. */
    public static List<FieldError> newUserErrors(String name, String password) {
        List<FieldError> errors = new java.util.ArrayList<>();
        if (!Names.isDns1123Label(name)) {
            errors.add(new FieldError("name", "NAME_INVALID", "must be a DNS-1123 label (lower case, digits, '-')"));
        }
        if (password == null || password.length() < MIN_PASSWORD
                || password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
            errors.add(new FieldError("password", "PASSWORD_INVALID",
                    "must be " + MIN_PASSWORD + " to 72 bytes long (bcrypt reads no further)"));
        }
        return errors;
    }

    public boolean passwordMatches(User user, String password) {
        return passwords.matches(password, user.passwordHash());
    }

    /** The token with this value, unless it expired; its last use is noted (at most once a minute). */
    public Optional<Token> token(String presented) {
        Instant now = clock.instant();
        Optional<Token> token = jdbc.query("SELECT " + TOKEN_COLUMNS + " FROM api_tokens WHERE token_hash = ?",
                CredentialStore::token, hash(presented)).stream().findFirst()
                .filter(t -> t.expiresAt() == null || t.expiresAt().isAfter(now));
        token.ifPresent(t -> {
            Instant written = lastUseWritten.get(t.id());
            if (written == null || written.plus(LAST_USE_RESOLUTION).isBefore(now)) {
                lastUseWritten.put(t.id(), now);
                jdbc.update("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", now.atOffset(ZoneOffset.UTC), t.id());
            }
        });
        return token;
    }

    /** A new random token for {@code subject}, limited to {@code namespaces} (null: all) and {@code role}. */
    public Issued issueToken(String subject, String name, NamespaceRole role, Set<String> namespaces, Instant expiresAt) {
        String value = newToken();
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        jdbc.update("INSERT INTO api_tokens (id, name, token_hash, subject, role, namespaces, created_at, expires_at)"
                + " VALUES (?,?,?,?,?,?,?,?)", id, name, hash(value), subject, role.id(),
                namespaces == null ? null : String.join(",", new TreeSet<>(namespaces)), now.atOffset(ZoneOffset.UTC),
                expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC));
        return new Issued(new Token(id, name, subject, role.id(), namespaces == null ? null : Set.copyOf(namespaces),
                now, expiresAt, null), value);
    }

    public List<Token> tokens(String subject) {
        return jdbc.query("SELECT " + TOKEN_COLUMNS + " FROM api_tokens WHERE subject = ? ORDER BY created_at, name",
                CredentialStore::token, subject);
    }

    public boolean revokeToken(String subject, String id) {
        lastUseWritten.remove(id);
        boolean revoked = jdbc.update("DELETE FROM api_tokens WHERE subject = ? AND id = ?", subject, id) > 0;
        changes.incrementAndGet();
        return revoked;
    }

    public List<User> users() {
        return jdbc.query("SELECT name, password_hash, role FROM users ORDER BY name",
                (rs, i) -> new User(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    /** Removes the user and every token of theirs. */
    public boolean deleteUser(String name) {
        jdbc.update("DELETE FROM api_tokens WHERE subject = ?", name);
        boolean deleted = jdbc.update("DELETE FROM users WHERE name = ?", name) > 0;
        changes.incrementAndGet();
        return deleted;
    }

    private static Token token(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        String namespaces = rs.getString(5);
        return new Token(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                namespaces == null ? null : Set.copyOf(List.of(namespaces.split(","))), instant(rs, 6), instant(rs, 7),
                instant(rs, 8));
    }

    private static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
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
        return newSecret(TOKEN_PREFIX);
    }

    /** 32 random bytes after {@code prefix}: a token, an invitation code. */
    public static String newSecret(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
