package dev.nubo.console.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What a log event carries into the page: each line its own escaped element, never markup of the function's. */
class LogStreamControllerTest {

    @Test
    void aLogLineIsEscapedSoAFunctionCannotInjectMarkupIntoTheConsole() {
        String html = LogStreamController.html(List.of("<img src=x onerror=alert(1)>", "a & b"));

        assertThat(html).isEqualTo("<div>&lt;img src=x onerror=alert(1)&gt;</div><div>a &amp; b</div>");
    }

    @Test
    void anEmptyResetStillCarriesDataSoTheBrowserDeliversIt() {
        assertThat(LogStreamController.html(List.of())).isNotEmpty().doesNotContain("<div>");
    }
}
