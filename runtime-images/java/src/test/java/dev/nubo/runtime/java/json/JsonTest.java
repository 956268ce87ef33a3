package dev.nubo.runtime.java.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void readsEveryKindOfValue() {
        Object value = Json.parse(" {\"s\": \"a\\n\\u00e9\\\"\", \"n\": [0, -12, 3.5, 1e2, 12345678901234567890],"
                + " \"b\": [true, false, null], \"o\": {}} ");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "a\né\"");
        expected.put("n", List.of(0L, -12L, 3.5, 100.0, new BigInteger("12345678901234567890")));
        expected.put("b", Arrays.asList(true, false, null));
        expected.put("o", Map.of());
        assertThat(value).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1,]", "{\"a\" 1}", "01", "1.", "tru", "\"open", "[1] 2", "{'a': 1}",
            "\"tab\there\"", "NaN", "-"})
    void rejectsWhatIsNotJson(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(JsonException.class);
    }

    @Test
    void rejectsNestingDeeperThanTheLimitInsteadOfOverflowingTheStack() {
        assertThatThrownBy(() -> Json.parse("[".repeat(100_000))).isInstanceOf(JsonException.class)
                .hasMessageContaining("nested deeper");
    }

    @Test
    void writesMapsListsArraysRecordsAndEscapes() {
        record Point(int x, String label) {
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "quote \" backslash \\ newline \n control \u0001");
        value.put("numbers", new int[] {1, 2});
        value.put("doubles", List.of(1.0, 2.5, Double.NaN));
        value.put("point", new Point(1, "p"));
        value.put("nothing", null);

        assertThat(Json.write(value)).isEqualTo("{\"text\":\"quote \\\" backslash \\\\ newline \\n control \\u0001\","
                + "\"numbers\":[1,2],\"doubles\":[1,2.5,null],\"point\":{\"x\":1,\"label\":\"p\"},\"nothing\":null}");
    }

    @Test
    void whatItWritesReadsBackEqual() {
        String text = "{\"a\":[1,2.5,\"x\",{\"b\":null}],\"c\":true}";

        assertThat(Json.write(Json.parse(text))).isEqualTo(text);
    }
}
