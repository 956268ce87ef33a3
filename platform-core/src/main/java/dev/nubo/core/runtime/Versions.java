package dev.nubo.core.runtime;

/** Compares dotted numeric versions ("3.11" &gt; "3.9"); non-numeric parts compare as 0. */
final class Versions {

    private Versions() {
    }

    static int compare(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            int cmp = Integer.compare(part(left, i), part(right, i));
            if (cmp != 0) {
                return cmp;
            }
        }
        return 0;
    }

    private static int part(String[] parts, int index) {
        if (index >= parts.length) {
            return 0;
        }
        try {
            return Integer.parseInt(parts[index]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
