package dev.nubo.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nubo.core.testing.TestTriggers;
import dev.nubo.core.trigger.HttpTriggerSpec.BasicUser;
import dev.nubo.core.trigger.HttpTriggerSpec.BearerToken;
import dev.nubo.core.validation.FieldError;

class HttpTriggerSecretsTest {

    private static final String ALICE = "alice-password-1";
    private static final String BOB = "bob-password-22";
    private static final String TOKEN = "tok_0123456789abcdef";
    private final HttpTriggerSecrets secrets = new HttpTriggerSecrets();

    private static HttpTriggerSpec basic(String usersJson) {
        return TestTriggers.http("{\"function\": \"hello\", \"auth\": {\"type\": \"basic\", \"users\": [" + usersJson
                + "]}}").spec();
    }

    private static HttpTriggerSpec bearer(String tokensJson) {
        return TestTriggers.http("{\"function\": \"hello\", \"auth\": {\"type\": \"bearer\", \"tokens\": ["
                + tokensJson + "]}}").spec();
    }

    @Test
    void hashingKeepsOnlyHashes() {
        HttpTriggerSpec users = secrets.hash(basic("{\"username\": \"alice\", \"password\": \"" + ALICE + "\"}"));
        HttpTriggerSpec tokens = secrets.hash(bearer("{\"name\": \"ci\", \"token\": \"" + TOKEN + "\"}"));

        BasicUser alice = users.auth().users().getFirst();
        assertThat(alice.password()).isNull();
        assertThat(CredentialHashes.passwordMatches(ALICE, alice.passwordHash())).isTrue();
        BearerToken ci = tokens.auth().tokens().getFirst();
        assertThat(ci.token()).isNull();
        assertThat(ci.tokenHash()).isEqualTo(CredentialHashes.hashToken(TOKEN));
    }

    @Test
    void readersSeeNamesOnly() {
        HttpTriggerSpec stored = secrets.hash(basic("{\"username\": \"alice\", \"password\": \"" + ALICE + "\"}"));

        assertThat(secrets.redact(stored).auth().users()).containsExactly(new BasicUser("alice", null, null));
        assertThat(secrets.redact(secrets.hash(bearer("{\"name\": \"ci\", \"token\": \"" + TOKEN + "\"}"))).auth()
                .tokens()).containsExactly(new BearerToken("ci", null, null));
        assertThat(secrets.redact(TestTriggers.http("{\"function\": \"hello\"}").spec()).auth()).isNull();
    }

    @Test
    void aReplacementWithoutTheSecretKeepsTheStoredHash() {
        HttpTriggerSpec stored = secrets.hash(basic("{\"username\": \"alice\", \"password\": \"" + ALICE + "\"},"
                + " {\"username\": \"bob\", \"password\": \"" + BOB + "\"}"));
        String aliceHash = stored.auth().users().get(0).passwordHash();

        HttpTriggerSpec edited = secrets.keepStored(basic("{\"username\": \"alice\"}, {\"username\": \"carol\"}"),
                stored);

        assertThat(edited.auth().users()).containsExactly(new BasicUser("alice", null, aliceHash),
                new BasicUser("carol", null, null));
        assertThat(new HttpTriggerValidator().validate(HttpTrigger.of(TestTriggers.http("{}").metadata(), edited)))
                .extracting(FieldError::field, FieldError::code).as("carol is new: she needs a password")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("spec.auth.users[1].password",
                        "PASSWORD_REQUIRED"));
    }

    @Test
    void aNewSecretReplacesTheStoredOneAndTheSameSecretChangesNothing() {
        HttpTriggerSpec stored = secrets.hash(basic("{\"username\": \"alice\", \"password\": \"" + ALICE + "\"}"));
        String aliceHash = stored.auth().users().getFirst().passwordHash();

        HttpTriggerSpec same = secrets.hash(secrets.keepStored(
                basic("{\"username\": \"alice\", \"password\": \"" + ALICE + "\"}"), stored));
        HttpTriggerSpec changed = secrets.hash(secrets.keepStored(
                basic("{\"username\": \"alice\", \"password\": \"" + BOB + "\"}"), stored));

        assertThat(same.auth().users().getFirst().passwordHash()).isEqualTo(aliceHash);
        String newHash = changed.auth().users().getFirst().passwordHash();
        assertThat(CredentialHashes.passwordMatches(BOB, newHash)).isTrue();
        assertThat(CredentialHashes.passwordMatches(ALICE, newHash)).isFalse();
    }

    @Test
    void tokensAreKeptByName() {
        HttpTriggerSpec stored = secrets.hash(bearer("{\"name\": \"ci\", \"token\": \"" + TOKEN + "\"}"));

        HttpTriggerSpec kept = secrets.keepStored(bearer("{\"name\": \"ci\"}, {\"name\": \"new\"}"), stored);
        HttpTriggerSpec replaced = secrets.hash(secrets.keepStored(
                bearer("{\"name\": \"ci\", \"token\": \"" + TOKEN + "-rotated\"}"), stored));

        assertThat(kept.auth().tokens()).containsExactly(
                new BearerToken("ci", null, CredentialHashes.hashToken(TOKEN)), new BearerToken("new", null, null));
        assertThat(replaced.auth().tokens().getFirst().tokenHash()).isEqualTo(CredentialHashes.hashToken(
                TOKEN + "-rotated"));
    }

    @Test
    void removedCredentialsAreGone() {
        HttpTriggerSpec stored = secrets.hash(basic("{\"username\": \"alice\", \"password\": \"" + ALICE + "\"}"));
        HttpTriggerSpec noAuth = TestTriggers.http("{\"function\": \"hello\"}").spec();

        assertThat(secrets.keepStored(noAuth, stored)).isEqualTo(noAuth);
        assertThat(secrets.keepStored(bearer("{\"name\": \"alice\"}"), stored).auth().tokens().getFirst().tokenHash())
                .as("a password hash never becomes a token hash").isNull();
    }

    @Test
    void hashesAreThePlatformsToSet() {
        HttpTriggerSpec forged = TestTriggers.http("""
                {"function": "hello", "auth": {"type": "basic", "users": [{"username": "a", "passwordHash": "x"}],
                 "tokens": [{"name": "t", "tokenHash": "y"}]}}""").spec();

        assertThat(secrets.refused(forged)).extracting(FieldError::field, FieldError::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("spec.auth.users[0].passwordHash", "FIELD_READ_ONLY"),
                org.assertj.core.groups.Tuple.tuple("spec.auth.tokens[0].tokenHash", "FIELD_READ_ONLY"));
        assertThat(secrets.refused(basic("{\"username\": \"a\", \"password\": \"" + ALICE + "\"}"))).isEmpty();
        assertThat(TriggerSecrets.<HttpTriggerSpec>none().refused(forged)).isEqualTo(List.of());
    }
}
