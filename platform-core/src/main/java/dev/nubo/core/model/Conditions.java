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

    /**
     * Whether two lists say the same to a reader ({@link Condition#sameAs}: the transition times aside), in any
     * order: a status whose conditions only aged needs no write.
     */
    public static boolean sameAs(List<Condition> a, List<Condition> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Condition condition : b) {
            if (a.stream().noneMatch(condition::sameAs)) {
                return false;
            }
        }
        return true;
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }
}
