package dev.nubo.console.function;

import java.util.Map;

import dev.nubo.core.runtime.RuntimeInfo;

/** A first function per language, so a new function starts from code that runs, and the editor mode to show it in. */
public final class StarterTemplates {

    public record Starter(String handler, String code, String mode) {
    }

    private static final Map<String, Starter> BY_LANGUAGE = Map.of(
            "python", new Starter("hello.handler", """
                    def handler(event, context):
                        name = event["data"] or "world"
                        print("hello called for", name)
                        return {"hello": name}
                    """, "python"),
            "nodejs", new Starter("hello.handler", """
                    module.exports = {
                      handler: async (event, context) => {
                        const name = event.data || "world";
                        console.log("hello called for", name);
                        return { hello: name };
                      },
                    };
                    """, "javascript"),
            "ruby", new Starter("hello.handler", """
                    def handler(event, context)
                      name = event[:data] || "world"
                      puts "hello called for #{name}"
                      { hello: name }
                    end
                    """, "ruby"),
            "php", new Starter("hello.handler", """
                    <?php
                    function handler($event, $context) {
                        $name = $event->data ?: "world";
                        error_log("hello called for " . json_encode($name));
                        return ["hello" => $name];
                    }
                    """, "php"),
            "go", new Starter("hello.Handler", """
                    package kubeless

                    import "github.com/kubeless/kubeless/pkg/functions"

                    func Handler(event functions.Event, context functions.Context) (string, error) {
                    	return "hello from " + context.Runtime, nil
                    }
                    """, "go"),
            "java", new Starter("Hello.handler", """
                    package io.kubeless;

                    import io.kubeless.Context;
                    import io.kubeless.Event;

                    public class Hello {
                        public String handler(Event event, Context context) {
                            return "hello from " + context.getRuntime();
                        }
                    }
                    """, "text/x-java"));

    private StarterTemplates() {
    }

    public static Starter forRuntime(RuntimeInfo runtime) {
        return runtime == null ? BY_LANGUAGE.get("python")
                : BY_LANGUAGE.getOrDefault(runtime.language(), new Starter("hello.handler", "", "text/plain"));
    }
}
