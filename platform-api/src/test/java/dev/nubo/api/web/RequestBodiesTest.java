package dev.nubo.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.nubo.core.problem.ProblemException;

class RequestBodiesTest {

    /** A body sent without a declared length (chunked): only reading it tells its size. */
    private static MockHttpServletRequest undeclared(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/namespaces/default/functions") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        request.setContent(body);
        return request;
    }

    @Test
    void aBodyUpToTheLimitIsReadWhole() throws IOException {
        byte[] body = "x".repeat(1024).getBytes();

        assertThat(RequestBodies.read(undeclared(body), 1024)).isEqualTo(body);
        assertThat(RequestBodies.read(undeclared(new byte[0]), 1024)).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhetherOrNotItsLengthWasDeclared() {
        MockHttpServletRequest declared = new MockHttpServletRequest("POST", "/");
        declared.setContent(new byte[2048]); // sets Content-Length too

        for (MockHttpServletRequest request : new MockHttpServletRequest[] {declared, undeclared(new byte[1025])}) {
            ProblemException refused = catchThrowableOfType(ProblemException.class,
                    () -> RequestBodies.read(request, 1024));
            assertThat(refused.status()).isEqualTo(413);
            assertThat(refused.code()).isEqualTo("PAYLOAD_TOO_LARGE");
        }
    }
}
