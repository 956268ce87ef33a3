package dev.nubo.controller.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.controller.Directories;
import dev.nubo.core.logs.FunctionLogs;

/**
 * One log file per function ({@code <logs>/<namespace>/<name>.log}, rotated to {@code .log.1}, {@code .log.2}).
 *
 * <p>Replicas write their stdout and stderr into it themselves: the file is their output, opened for appending at
 * spawn, so no platform thread reads a pipe per replica (a thousand replicas would pin a thousand carrier threads).
 * The platform appends its own {@code [nubo]} lines to the same file. One platform thread watches the files: it feeds
 * followers from what was appended (a few times per second) and rotates files that grew past the limit by copying
 * them aside and truncating them in place (the replicas keep their descriptors, which append at the new end).
 */
public class LocalFunctionLogs implements FunctionLogs, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalFunctionLogs.class);
    public static final String PLATFORM_PREFIX = "[nubo] ";
    private static final int KEPT_FILES = 3;
    /** Most bytes handed to followers per file and poll; a flood is read over several polls. */
    private static final int MAX_READ = 1 << 20;

    private final Path root;
    private final long maxBytes;
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("nubo-log-watcher").daemon(true).factory());

    public LocalFunctionLogs(Path root, long maxBytes) {
        this(root, maxBytes, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    public LocalFunctionLogs(Path root, long maxBytes, Duration followInterval, Duration rotateInterval) {
        this.root = Directories.create(root);
        this.maxBytes = maxBytes;
        watcher.scheduleWithFixedDelay(this::feedFollowers, followInterval.toMillis(), followInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        watcher.scheduleWithFixedDelay(this::rotateLarge, rotateInterval.toMillis(), rotateInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The function's current log file, where its replicas append their output; its directory exists. */
    public Path file(String namespace, String name) {
        Path file = path(namespace, name, 0);
        Directories.create(file.getParent());
        return file;
    }

    /** The platform's own line about a function (build step, crash, restart). */
    public void note(String namespace, String name, String message) {
        // every line marked: a crash note quotes the replica's last output, which must not read as output again
        append(namespace, name, message.lines().map(line -> PLATFORM_PREFIX + line)
                .collect(java.util.stream.Collectors.joining("\n")));
    }

    /** Appends one line in one write, so it never tears apart from what replicas write at the same time. */
    private void append(String namespace, String name, String line) {
        try {
            Files.write(file(namespace, name), (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("cannot write log of {}/{}: {}", namespace, name, e.getMessage());
        }
    }

    /** The last lines a replica printed (the platform's own lines left out), to explain a crash in status. */
    public List<String> lastOutput(String namespace, String name, int lines) {
        List<String> output = tail(namespace, name, lines * 3).stream()
                .filter(line -> !line.startsWith(PLATFORM_PREFIX)).toList();
        return output.subList(Math.max(0, output.size() - lines), output.size());
    }

    @Override
    public List<String> tail(String namespace, String name, int lines) {
        return tailBefore(namespace, name, lines, Long.MAX_VALUE);
    }

    /** The last lines of the rotated set that end before offset {@code end} of the current file. */
    private List<String> tailBefore(String namespace, String name, int lines, long end) {
        Deque<String> out = new ArrayDeque<>();
        for (int i = 0; i < KEPT_FILES && out.size() < lines; i++) {
            Path p = path(namespace, name, i);
            if (!Files.exists(p)) {
                break;
            }
            List<String> last = lastLines(p, lines - out.size(), i == 0 ? end : Long.MAX_VALUE);
            for (int j = last.size() - 1; j >= 0; j--) {
                out.addFirst(last.get(j));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public Subscription follow(String namespace, String name, int tailLines, Consumer<List<String>> backlog,
            Consumer<String> listener) {
        Followed file = followed.computeIfAbsent(key(namespace, name), k -> new Followed(path(namespace, name, 0)));
        // under the file's lock the watcher cannot move the position: the backlog ends exactly where following starts
        synchronized (file) {
            file.catchUp();
            backlog.accept(tailBefore(namespace, name, tailLines, file.position));
            file.listeners.add(listener);
        }
        return () -> {
            synchronized (file) {
                file.listeners.remove(listener);
            }
        };
    }

    /** Removes a deleted function's log files. */
    public void delete(String namespace, String name) {
        for (int i = 0; i < KEPT_FILES; i++) {
            try {
                Files.deleteIfExists(path(namespace, name, i));
            } catch (IOException e) {
                log.warn("cannot delete log of {}/{}: {}", namespace, name, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }

    private void feedFollowers() {
        followed.values().forEach(file -> {
            synchronized (file) {
                if (file.listeners.isEmpty()) {
                    followed.values().remove(file);
                    return;
                }
                file.feed();
            }
        });
    }

    private void rotateLarge() {
        try (var namespaces = Files.newDirectoryStream(root)) {
            for (Path namespace : namespaces) {
                try (var files = Files.newDirectoryStream(namespace, "*.log")) {
                    for (Path file : files) {
                        if (Files.size(file) > maxBytes) {
                            rotate(namespace.getFileName().toString(), file);
                        }
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // a function was deleted while we looked
        } catch (IOException | RuntimeException e) {
            log.warn("cannot rotate function logs: {}", e.getMessage());
        }
    }

    /** Copy aside, then truncate in place: the replicas' append descriptors stay valid and write at the new end. */
    private void rotate(String namespace, Path current) throws IOException {
        String fileName = current.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".log".length());
        Followed file = followed.get(key(namespace, name));
        if (file != null) {
            synchronized (file) {
                file.feed(); // followers get everything before the cut
                rotateFiles(namespace, name, current);
                file.position = 0;
            }
        } else {
            rotateFiles(namespace, name, current);
        }
    }

    private void rotateFiles(String namespace, String name, Path current) throws IOException {
        for (int i = KEPT_FILES - 1; i > 1; i--) {
            Path from = path(namespace, name, i - 1);
            if (Files.exists(from)) {
                Files.move(from, path(namespace, name, i), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(current, path(namespace, name, 1), StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel channel = FileChannel.open(current, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
    }

    private Path path(String namespace, String name, int generation) {
        return root.resolve(namespace).resolve(name + ".log" + (generation == 0 ? "" : "." + generation));
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** Reads backwards from {@code end} (or the file's end), so a tail of a large file costs only the bytes it shows. */
    static List<String> lastLines(Path file, int count, long end) {
        if (count <= 0) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long stop = Math.min(end, raf.length());
            long start = stop;
            int newlines = 0;
            byte[] chunk = new byte[8192];
            while (start > 0 && newlines <= count) {
                int size = (int) Math.min(chunk.length, start);
                start -= size;
                raf.seek(start);
                raf.readFully(chunk, 0, size);
                for (int i = 0; i < size; i++) {
                    if (chunk[i] == '\n') {
                        newlines++;
                    }
                }
            }
            byte[] tail = new byte[(int) (stop - start)];
            raf.seek(start);
            raf.readFully(tail);
            List<String> lines = new ArrayList<>(List.of(new String(tail, StandardCharsets.UTF_8).split("\n", -1)));
            if (!lines.isEmpty() && lines.getLast().isEmpty()) {
                lines.removeLast();
            }
            return List.copyOf(lines.size() > count ? lines.subList(lines.size() - count, lines.size()) : lines);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A followed file and how far its followers have been fed (always to the end of a complete line). */
    private static final class Followed {
        final Path path;
        final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
        long position = -1;

        Followed(Path path) {
            this.path = path;
        }

        /** Before the first listener: start at the file's current end (the backlog covers what is before). */
        void catchUp() {
            if (position < 0) {
                position = size();
            } else {
                feed();
            }
        }

        void feed() {
            long size = size();
            if (size < position) {
                position = 0; // truncated: rotated, or the function was deleted and made again
            }
            if (size == position) {
                return;
            }
            int length = (int) Math.min(MAX_READ, size - position);
            ByteBuffer bytes = ByteBuffer.allocate(length);
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                while (bytes.hasRemaining() && channel.read(bytes, position + bytes.position()) > 0) {
                    // read what is there
                }
            } catch (IOException e) {
                return;
            }
            bytes.flip();
            int lastNewline = -1;
            for (int i = bytes.limit() - 1; i >= 0; i--) {
                if (bytes.get(i) == '\n') {
                    lastNewline = i;
                    break;
                }
            }
            int consumed = lastNewline + 1;
            if (lastNewline < 0) {
                if (length < MAX_READ) {
                    return; // no complete line yet: it stays in the file until its newline comes
                }
                lastNewline = length; // a line longer than one read is handed over in pieces
                consumed = length;
            }
            String text = new String(bytes.array(), 0, lastNewline, StandardCharsets.UTF_8);
            position += consumed;
            for (String line : text.split("\n", -1)) {
                for (Consumer<String> listener : listeners) {
                    try {
                        listener.accept(line);
                    } catch (RuntimeException e) {
                        log.debug("log follower failed: {}", e.getMessage());
                    }
                }
            }
        }

        private long size() {
            try {
                return Files.size(path);
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
