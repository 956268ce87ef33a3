package dev.nubo.core.trigger;

import java.util.List;

/**
 * The topics of the Kafka cluster KafkaTriggers consume from, for the forms that pick them (the console). Optional:
 * an installation without it, or a cluster that does not answer, leaves the topics to be typed.
 */
public interface TopicCatalog {

    /** What the cluster answered: its topic names (sorted, internal ones left out), or why there are none. */
    record Topics(List<String> names, String unavailableReason) {

        public Topics {
            names = names == null ? List.of() : List.copyOf(names);
        }

        public static Topics unavailable(String reason) {
            return new Topics(List.of(), reason);
        }

        public boolean available() {
            return unavailableReason == null;
        }
    }

    /** Asks the cluster, waiting a few seconds at most; never throws. */
    Topics topics();
}
