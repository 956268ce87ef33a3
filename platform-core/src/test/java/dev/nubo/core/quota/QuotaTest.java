package dev.nubo.core.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotaTest {

    @Test
    void aValidQuotaOrNoneHasNoErrors() {
        assertThat(new Quota(5, 10, 8, "4Gi", 1000L).errors()).isEmpty();
        assertThat(Quota.NONE.errors()).isEmpty();
    }

    @Test
    void everyWrongFieldIsNamedWithItsCode() {
        assertThat(new Quota(-1, -1, -1, "lots", -1L, -1).errors())
                .extracting(e -> e.field() + " " + e.code())
                .containsExactly("functions QUOTA_INVALID", "triggers QUOTA_INVALID", "replicas QUOTA_INVALID",
                        "callsPerSecond QUOTA_INVALID", "memory QUANTITY_INVALID", "codeBytes QUOTA_INVALID");
    }
}
