package dev.nubo.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.testing.TestTriggers;
import dev.nubo.core.trigger.CronTriggerSpec.ConcurrencyPolicy;
import dev.nubo.core.trigger.KafkaTriggerSpec.StartFrom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What a stored trigger holds for what the user left out. */
class TriggerDefaultsTest {

    private static final ObjectMeta META = ObjectMeta.named("team-a", "orders");

    @Test
    void httpDefaults() {
        HttpTriggerSpec spec = TestTriggers.http("{\"function\": \"hello\", \"host\": \"Shop.Example.COM\","
                + " \"methods\": [\"get\", \"GET\", \"Post\"], \"rateLimit\": {\"requestsPerSecond\": 20}}").spec()
                .withDefaults();

        assertThat(spec.path()).isEqualTo("/");
        assertThat(spec.stripPrefix()).isTrue();
        assertThat(spec.host()).isEqualTo("shop.example.com");
        assertThat(spec.methods()).containsExactly("GET", "POST");
        assertThat(spec.auth()).isEqualTo(HttpTriggerSpec.HttpAuth.none());
        assertThat(spec.rateLimit()).isEqualTo(new HttpTriggerSpec.RateLimit(20, 20));
        assertThat(spec.enabled()).isTrue();
        assertThat(spec.cors()).isNull();
    }

    @Test
    void cronDefaults() {
        CronTriggerSpec spec = TestTriggers.cron("{\"function\": \"hello\", \"schedule\": \" @hourly \"}").spec()
                .withDefaults();

        assertThat(spec.schedule()).isEqualTo("@hourly");
        assertThat(spec.timeZone()).isEqualTo("UTC");
        assertThat(spec.contentType()).isEqualTo("application/json");
        assertThat(spec.concurrencyPolicy()).isEqualTo(ConcurrencyPolicy.Allow);
        assertThat(spec.catchUp()).isFalse();
        assertThat(spec.enabled()).isTrue();
    }

    @Test
    void kafkaDefaults() {
        KafkaTriggerSpec spec = TriggerKind.KAFKA.withDefaults(META,
                TestTriggers.kafka("{\"function\": \"hello\", \"topics\": [\"orders\"]}").spec());

        assertThat(spec.consumerGroup()).isEqualTo("nubo-team-a-orders");
        assertThat(spec.startFrom()).isEqualTo(StartFrom.latest);
        assertThat(spec.delivery()).isEqualTo(DeliveryGuarantee.atLeastOnce);
        assertThat(spec.ordering()).isEqualTo(Ordering.partition);
        assertThat(spec.maxConcurrency()).isEqualTo(16);
        assertThat(spec.maxRetries()).isEqualTo(5);
        assertThat(spec.retryBackoff()).isEqualTo(new RetryBackoff(200L, 2.0, 30_000L));
        assertThat(spec.deadLetterTopic()).isEqualTo("{topic}.dlq");
        assertThat(spec.replyTopic()).isNull();
        assertThat(spec.enabled()).isTrue();
    }

    @Test
    void kafkaKeepsWhatWasGiven() {
        KafkaTriggerSpec spec = TriggerKind.KAFKA.withDefaults(META, TestTriggers.kafka("""
                {"function": "hello", "topics": ["a"], "consumerGroup": "g", "deadLetterTopic": "",
                 "retryBackoff": {"initialMillis": 10}, "enabled": false}""").spec());

        assertThat(spec.consumerGroup()).isEqualTo("g");
        assertThat(spec.deadLetterTopic()).as("\"\" means drop, not default").isEmpty();
        assertThat(spec.retryBackoff()).isEqualTo(new RetryBackoff(10L, 2.0, 30_000L));
        assertThat(spec.enabled()).isFalse();
    }

    @Test
    void natsDefaults() {
        NatsTriggerSpec spec = TriggerKind.NATS.withDefaults(META,
                TestTriggers.nats("{\"function\": \"hello\", \"subject\": \"orders.created\"}").spec());

        assertThat(spec.stream()).isEqualTo("nubo-team-a-orders");
        assertThat(spec.consumer()).isEqualTo("nubo-team-a-orders");
        assertThat(spec.deadLetterSubject()).isEqualTo("{subject}.dlq");
        assertThat(List.of(spec.startFrom(), spec.delivery(), spec.ordering())).containsExactly(StartFrom.latest,
                DeliveryGuarantee.atLeastOnce, Ordering.partition);
        assertThat(List.of(spec.maxConcurrency(), spec.maxRetries())).containsExactly(16, 5);
        assertThat(spec.retryBackoff()).isEqualTo(RetryBackoff.DEFAULT);
    }

    /** Filling defaults never turns a valid trigger invalid, and filling them twice changes nothing. */
    @Property(tries = 300)
    void defaultsKeepAValidKafkaTriggerValidAndAreStable(@ForAll("kafkaSpecs") KafkaTriggerSpec spec) {
        KafkaTrigger submitted = KafkaTrigger.of(META, spec);
        KafkaTriggerSpec filled = TriggerKind.KAFKA.withDefaults(META, spec);

        if (new KafkaTriggerValidator().validate(submitted).isEmpty()) {
            assertThat(new KafkaTriggerValidator().validate(KafkaTrigger.of(META, filled))).isEmpty();
        }
        assertThat(TriggerKind.KAFKA.withDefaults(META, filled)).isEqualTo(filled);
    }

    @Property(tries = 300)
    void defaultsKeepAValidHttpTriggerValidAndAreStable(@ForAll("httpSpecs") HttpTriggerSpec spec) {
        HttpTriggerSpec filled = spec.withDefaults();

        if (new HttpTriggerValidator().validate(HttpTrigger.of(META, spec)).isEmpty()) {
            assertThat(new HttpTriggerValidator().validate(HttpTrigger.of(META, filled))).isEmpty();
        }
        assertThat(filled.withDefaults()).isEqualTo(filled);
    }

    @Provide
    Arbitrary<KafkaTriggerSpec> kafkaSpecs() {
        Arbitrary<List<String>> topics = Arbitraries.of("a", "b", "a.dlq", "orders", "x".repeat(245)).list()
                .ofMinSize(1).ofMaxSize(3);
        Arbitrary<Integer> concurrency = Arbitraries.integers().between(0, 1100).injectNull(0.5);
        Arbitrary<Integer> retries = Arbitraries.integers().between(-1, 101).injectNull(0.5);
        Arbitrary<RetryBackoff> backoff = Combinators.combine(
                Arbitraries.longs().between(0, 5000).injectNull(0.5),
                Arbitraries.doubles().between(0.5, 3).injectNull(0.5),
                Arbitraries.longs().between(0, 60_000).injectNull(0.5)).as(RetryBackoff::new).injectNull(0.5);
        Arbitrary<String> deadLetter = Arbitraries.of("", "{topic}.dlq", "dead", "{topic}-failed").injectNull(0.5);
        return Combinators.combine(topics, concurrency, retries, backoff, deadLetter,
                Arbitraries.of("nubo-x", "g").injectNull(0.5))
                .as((t, c, r, b, d, g) -> new KafkaTriggerSpec(t, "hello", null, g, null, null, null, c, r, b, d, null,
                        null));
    }

    @Provide
    Arbitrary<HttpTriggerSpec> httpSpecs() {
        Arbitrary<String> host = Arbitraries.of("Example.com", "api.example.com", "*.x.y", " ").injectNull(0.5);
        Arbitrary<String> path = Arbitraries.of("/", "/a", "/a/b/", "", "a").injectNull(0.5);
        Arbitrary<List<String>> methods = Arbitraries.of("get", "GET", "Post", "DELETE").list().ofMaxSize(3);
        Arbitrary<HttpTriggerSpec.RateLimit> limit = Combinators.combine(Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 100).injectNull(0.5)).as(HttpTriggerSpec.RateLimit::new)
                .injectNull(0.5);
        return Combinators.combine(host, path, methods, limit, Arbitraries.of(true, false).injectNull(0.5))
                .as((h, p, m, l, strip) -> new HttpTriggerSpec("hello", null, h, p, strip, m, null, null, l, null));
    }
}
