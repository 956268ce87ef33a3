package dev.nubo.core.trigger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.nubo.core.trigger.HttpTriggerSpec.BasicUser;
import dev.nubo.core.trigger.HttpTriggerSpec.BearerToken;
import dev.nubo.core.trigger.HttpTriggerSpec.HttpAuth;
import dev.nubo.core.validation.FieldError;

/**
 * The credentials of an HTTP trigger's auth: basic passwords bcrypt-hashed, bearer tokens SHA-256-hashed
 * ({@link CredentialHashes}). Users are matched by username and tokens by name when a replacement leaves the secret
 * out, so GET → edit → PUT keeps them.
 */
public final class HttpTriggerSecrets implements TriggerSecrets<HttpTriggerSpec> {

    @Override
    public List<FieldError> refused(HttpTriggerSpec submitted) {
        List<FieldError> errors = new ArrayList<>();
        HttpAuth auth = submitted == null ? null : submitted.auth();
        if (auth == null) {
            return errors;
        }
        for (int i = 0; i < auth.users().size(); i++) {
            BasicUser user = auth.users().get(i);
            if (user != null && user.passwordHash() != null) {
                errors.add(new FieldError("spec.auth.users[" + i + "].passwordHash", "FIELD_READ_ONLY",
                        "the platform sets the hash: send password (or leave it out to keep the current one)"));
            }
        }
        for (int i = 0; i < auth.tokens().size(); i++) {
            BearerToken token = auth.tokens().get(i);
            if (token != null && token.tokenHash() != null) {
                errors.add(new FieldError("spec.auth.tokens[" + i + "].tokenHash", "FIELD_READ_ONLY",
                        "the platform sets the hash: send token (or leave it out to keep the current one)"));
            }
        }
        return errors;
    }

    @Override
    public HttpTriggerSpec keepStored(HttpTriggerSpec submitted, HttpTriggerSpec stored) {
        if (submitted == null || submitted.auth() == null || stored == null || stored.auth() == null) {
            return submitted;
        }
        HttpAuth auth = submitted.auth();
        Map<String, String> passwordHashes = byName(stored.auth().users(), BasicUser::username, BasicUser::passwordHash);
        Map<String, String> tokenHashes = byName(stored.auth().tokens(), BearerToken::name, BearerToken::tokenHash);
        List<BasicUser> users = auth.users().stream().map(user -> {
            String storedHash = user == null ? null : passwordHashes.get(user.username());
            if (storedHash == null) {
                return user;
            }
            boolean unchanged = user.password() == null || CredentialHashes.passwordMatches(user.password(), storedHash);
            return unchanged ? new BasicUser(user.username(), null, storedHash) : user;
        }).toList();
        List<BearerToken> tokens = auth.tokens().stream().map(token -> {
            String storedHash = token == null ? null : tokenHashes.get(token.name());
            return storedHash == null || token.token() != null ? token
                    : new BearerToken(token.name(), null, storedHash);
        }).toList();
        return submitted.withAuth(new HttpAuth(auth.type(), users, tokens));
    }

    @Override
    public HttpTriggerSpec hash(HttpTriggerSpec spec) {
        if (spec == null || spec.auth() == null) {
            return spec;
        }
        HttpAuth auth = spec.auth();
        List<BasicUser> users = auth.users().stream().map(user -> user.password() == null ? user
                : new BasicUser(user.username(), null, CredentialHashes.hashPassword(user.password()))).toList();
        List<BearerToken> tokens = auth.tokens().stream().map(token -> token.token() == null ? token
                : new BearerToken(token.name(), null, CredentialHashes.hashToken(token.token()))).toList();
        return spec.withAuth(new HttpAuth(auth.type(), users, tokens));
    }

    @Override
    public HttpTriggerSpec redact(HttpTriggerSpec spec) {
        if (spec == null || spec.auth() == null) {
            return spec;
        }
        HttpAuth auth = spec.auth();
        return spec.withAuth(new HttpAuth(auth.type(),
                auth.users().stream().map(user -> new BasicUser(user.username(), null, null)).toList(),
                auth.tokens().stream().map(token -> new BearerToken(token.name(), null, null)).toList()));
    }

    private static <C> Map<String, String> byName(List<C> credentials, Function<C, String> name,
            Function<C, String> hash) {
        return credentials.stream().filter(Objects::nonNull)
                .filter(c -> name.apply(c) != null && hash.apply(c) != null)
                .collect(Collectors.toMap(name, hash, (first, second) -> first));
    }
}
