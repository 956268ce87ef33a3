package dev.nubo.triggers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.nubo.core.trigger.CredentialHashes;
import dev.nubo.core.trigger.HttpTriggerSpec.BasicUser;
import dev.nubo.core.trigger.HttpTriggerSpec.BearerToken;
import dev.nubo.core.trigger.HttpTriggerSpec.HttpAuth;

class HttpAuthenticatorTest {

    private static final String TOKEN = "s3cr3t-token-0123456789";
    private final AtomicInteger slowChecks = new AtomicInteger();

    private HttpAuthenticator authenticator(HttpAuth auth) {
        return new HttpAuthenticator(auth, "shop/api", task -> {
            slowChecks.incrementAndGet();
            task.run();
        });
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bearerTokensAreCheckedAgainstTheirHashAtOnce() {
        HttpAuthenticator auth = authenticator(new HttpAuth("bearer", List.of(),
                List.of(new BearerToken("ci", null, CredentialHashes.hashToken(TOKEN)))));

        assertThat(auth.check("Bearer " + TOKEN)).isEqualTo(CredentialCheck.ALLOWED);
        assertThat(auth.check("bearer " + TOKEN)).as("the scheme has no case").isEqualTo(CredentialCheck.ALLOWED);
        assertThat(auth.check("Bearer " + TOKEN + "x")).isEqualTo(CredentialCheck.DENIED);
        assertThat(auth.check(null)).isEqualTo(CredentialCheck.DENIED);
        assertThat(auth.check(basic("ci", TOKEN))).isEqualTo(CredentialCheck.DENIED);
        assertThat(auth.challenge(false)).isEqualTo("Bearer realm=\"shop/api\"");
        assertThat(auth.challenge(true)).isEqualTo("Bearer realm=\"shop/api\", error=\"invalid_token\"");
        assertThat(slowChecks).hasValue(0);
    }

    @Test
    void aBasicPasswordIsCheckedSlowlyOnceThenRemembered() {
        HttpAuthenticator auth = authenticator(new HttpAuth("basic",
                List.of(new BasicUser("alice", null, CredentialHashes.hashPassword("correct horse"))), List.of()));
        String right = basic("alice", "correct horse");

        assertThat(auth.check(right)).isEqualTo(CredentialCheck.CHECK_SLOWLY);
        assertThat(auth.checkSlowly(right).join()).isTrue();
        assertThat(auth.check(right)).as("remembered").isEqualTo(CredentialCheck.ALLOWED);
        assertThat(slowChecks).hasValue(1);

        String wrong = basic("alice", "wrong horse");
        assertThat(auth.check(wrong)).isEqualTo(CredentialCheck.CHECK_SLOWLY);
        assertThat(auth.checkSlowly(wrong).join()).isFalse();
        assertThat(auth.check(wrong)).as("failures are not remembered").isEqualTo(CredentialCheck.CHECK_SLOWLY);
        assertThat(auth.checkSlowly(basic("mallory", "correct horse")).join()).isFalse();
        assertThat(auth.check("Basic !!!not-base64")).isEqualTo(CredentialCheck.CHECK_SLOWLY);
        assertThat(auth.checkSlowly("Basic !!!not-base64").join()).isFalse();
        assertThat(auth.check(null)).isEqualTo(CredentialCheck.DENIED);
        assertThat(auth.check("Bearer " + TOKEN)).isEqualTo(CredentialCheck.DENIED);
        assertThat(auth.challenge(true)).isEqualTo("Basic realm=\"shop/api\", charset=\"UTF-8\"");
    }

    @Test
    void noAuthLetsEveryCallThrough() {
        HttpAuthenticator auth = authenticator(HttpAuth.none());

        assertThat(auth.required()).isFalse();
        assertThat(auth.check(null)).isEqualTo(CredentialCheck.ALLOWED);
    }

    @Test
    void aFullQueueOfPasswordChecksFailsTheCheckInsteadOfThrowing() {
        HttpAuthenticator auth = new HttpAuthenticator(new HttpAuth("basic",
                List.of(new BasicUser("alice", null, CredentialHashes.hashPassword("correct horse"))), List.of()),
                "shop/api", task -> {
                    throw new java.util.concurrent.RejectedExecutionException("queue full");
                });

        assertThat(auth.checkSlowly(basic("alice", "correct horse"))).isCompletedExceptionally();
    }
}
