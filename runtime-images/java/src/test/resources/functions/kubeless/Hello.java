package io.kubeless;

import io.kubeless.Event;
import io.kubeless.Context;

/** Kubeless's Java function shape, unchanged: package io.kubeless, String foo(Event, Context), event.Data. */
public class Hello {

    public String foo(io.kubeless.Event event, io.kubeless.Context context) {
        if ("fail".equals(event.Data)) {
            throw new IllegalArgumentException("kaput");
        }
        return String.join("|", event.Data, event.EventID, event.EventType, event.EventTime, event.EventNamespace,
                context.FunctionName, context.Timeout, context.Runtime, context.MemoryLimit);
    }
}
