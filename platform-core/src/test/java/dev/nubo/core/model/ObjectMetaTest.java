package dev.nubo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.validation.ValidationException;

/** What a request's path decides about a submitted resource's metadata. */
class ObjectMetaTest {

    @Test
    void thePathDecidesAndWhatThePlatformOwnsIsDropped() {
        ObjectMeta body = new ObjectMeta("fn", null, Map.of("team", "a"), "uid-1", 7L, "3", Instant.EPOCH);

        ObjectMeta clean = ObjectMeta.submitted(body, "ns", "fn", "function");

        assertThat(clean).isEqualTo(new ObjectMeta("fn", "ns", Map.of("team", "a"), null, null, "3", null));
        assertThat(ObjectMeta.submitted(null, "ns", "fn", "function")).isEqualTo(ObjectMeta.named("ns", "fn"));
    }

    @Test
    void aBodyThatContradictsThePathIsRefused() {
        assertThatThrownBy(() -> ObjectMeta.submitted(ObjectMeta.named("other", "fn"), "ns", null, "function"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().getFirst().code())
                        .isEqualTo("NAMESPACE_MISMATCH"));
        assertThatThrownBy(() -> ObjectMeta.submitted(ObjectMeta.named("ns", "b"), "ns", "a", "CronTrigger"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.errors().getFirst().code()).isEqualTo(ProblemCodes.NAME_MISMATCH);
                    assertThat(e.errors().getFirst().message())
                            .isEqualTo("the body names CronTrigger b but the request is for a");
                });
    }
}
