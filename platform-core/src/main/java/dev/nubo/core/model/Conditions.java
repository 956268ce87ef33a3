package dev.nubo.core.model;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Upserts conditions, keeping lastTransitionTime unless the status flips. */
public final class Conditions {

    private Conditions() {
    }

    public static List<Condition> set(List<Condition> current, Condition next, Clock clock) {
        List<Condition> out = new ArrayList<>();
        boolean replaced = false;
        for (Condition c : current == null ? List.<Condition>of() : current) {
            if (c.type().equals(next.type())) {
                boolean flipped = !c.status().equals(next.status());
                var since = flipped || c.lastTransitionTime() == null ? clock.instant() : c.lastTransitionTime();
                out.add(new Condition(next.type(), next.status(), next.reason(), next.message(), since));
                replaced = true;
            } else {
                out.add(c);
            }
        }
        if (!replaced) {
            out.add(new Condition(next.type(), next.status(), next.reason(), next.message(), clock.instant()));
        }
        return List.copyOf(out);
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }
}
