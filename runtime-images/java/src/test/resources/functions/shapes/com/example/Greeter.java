package com.example;

import java.util.Map;

import dev.nubo.function.Context;
import dev.nubo.function.Event;
import dev.nubo.function.Handler;

/** A packaged class implementing the Nubo Handler interface: handler com.example.Greeter.handle. */
public class Greeter implements Handler {

    @Override
    public Object handle(Event event, Context context) {
        Map<?, ?> person = (Map<?, ?>) event.data();
        return Map.of("greeting", "hi " + person.get("name"), "function", context.functionName());
    }
}
