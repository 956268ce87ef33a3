package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every runtime beyond Python and Node.js deploys through the platform exactly like them: Kubeless-shaped hello
 * functions, unchanged, built (compiled for Java and Go) and called through the gateway.
 */
class RuntimesE2ETest {

    private final Platform nubo = Platform.shared();

    static Stream<Arguments> kubelessHellos() {
        return Stream.of(
                Arguments.of("java21", "Hello.foo", """
                        package io.kubeless;

                        import io.kubeless.Event;
                        import io.kubeless.Context;

                        public class Hello {
                            public String foo(io.kubeless.Event event, io.kubeless.Context context) {
                                return "Hello world from " + context.getRuntime();
                            }
                        }
                        """, "Hello world from java21"),
                Arguments.of("ruby3.1", "helloget.foo", """
                        def foo(event, context)
                          "hello world from " + context[:runtime]
                        end
                        """, "hello world from ruby3.1"),
                Arguments.of("php8.2", "helloget.foo", """
                        <?php
                        function foo($event, $context) {
                            return "hello world from " . $context->runtime;
                        }
                        """, "hello world from php8.2"),
                Arguments.of("go1.19", "helloget.Foo", """
                        package kubeless

                        import "github.com/kubeless/kubeless/pkg/functions"

                        func Foo(event functions.Event, context functions.Context) (string, error) {
                        	return "Hello world from " + context.Runtime, nil
                        }
                        """, "Hello world from go1.19"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubelessHellos")
    void aKubelessHelloRunsUnchanged(String runtime, String handler, String code, String expected) {
        String name = "hello-" + runtime.replaceAll("[^a-z0-9]", "");
        Http.Response created = nubo.create("default", Functions.inline(name, runtime, handler, code));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        // Go compiles its standard library once per cache: the first Go build of a fresh data directory is slow
        nubo.awaitPhase("default", name, "Ready", Duration.ofMinutes(5));

        assertThat(nubo.call("GET", "/default/" + name, null, null).body()).isEqualTo(expected);
    }
}
