package dev.nubo.controller.logs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last few lines a process printed, kept to explain its failure in the function's status. */
public final class LastLines {

    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();

    public LastLines(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(String line) {
        lines.addLast(line);
        if (lines.size() > capacity) {
            lines.removeFirst();
        }
    }

    public synchronized List<String> snapshot() {
        return List.copyOf(lines);
    }
}
