package dev.nubo.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

class CredentialHashesTest {

    @Test
    void aPasswordMatchesItsHashAndNothingElse() {
        String hash = CredentialHashes.hashPassword("correct horse");

        assertThat(hash).startsWith("$2").doesNotContain("correct horse");
        assertThat(CredentialHashes.passwordMatches("correct horse", hash)).isTrue();
        assertThat(CredentialHashes.passwordMatches("correct horsE", hash)).isFalse();
        assertThat(CredentialHashes.passwordMatches("", hash)).isFalse();
        assertThat(CredentialHashes.passwordMatches(null, hash)).isFalse();
        assertThat(CredentialHashes.passwordMatches("correct horse", null)).isFalse();
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTime() {
        assertThat(CredentialHashes.hashPassword("correct horse")).isNotEqualTo(CredentialHashes.hashPassword(
                "correct horse"));
    }

    @Test
    void passwordsBeyondWhatBcryptReadsAreRefusedAndNeverMatch() {
        String longest = "p".repeat(CredentialHashes.MAX_PASSWORD_BYTES);
        String hash = CredentialHashes.hashPassword(longest);

        assertThat(CredentialHashes.passwordMatches(longest, hash)).isTrue();
        // bcrypt alone would accept this one: it reads only the first 72 bytes
        assertThat(CredentialHashes.passwordMatches(longest + "extra", hash)).isFalse();
        assertThatThrownBy(() -> CredentialHashes.hashPassword(longest + "p"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTokenHashIsTheHexSha256() {
        // sha256("abc"), the FIPS 180-2 test vector
        assertThat(CredentialHashes.hashToken("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(CredentialHashes.tokenMatches(null, "x")).isFalse();
        assertThat(CredentialHashes.tokenMatches("abc", null)).isFalse();
    }

    @Property(tries = 500)
    void aTokenMatchesOnlyItsOwnHash(@ForAll @StringLength(min = 16, max = 80) String token,
            @ForAll @StringLength(min = 16, max = 80) String other) {
        String hash = CredentialHashes.hashToken(token);

        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(CredentialHashes.tokenMatches(token, hash)).isTrue();
        assertThat(CredentialHashes.tokenMatches(other, hash)).isEqualTo(other.equals(token));
    }
}
