package dev.nubo.controller.logs;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.controller.Directories;
import dev.nubo.core.logs.FunctionLogs;

/**
 * One rotating log file per function ({@code <logs>/<namespace>/<name>.log}, then {@code .log.1}, {@code .log.2}),
 * written from the replicas' output pipes and the platform's own notes, and followed in memory.
 */
public class LocalFunctionLogs implements FunctionLogs {

    private static final Logger log = LoggerFactory.getLogger(LocalFunctionLogs.class);
    public static final String PLATFORM_PREFIX = "[nubo] ";
    private static final int KEPT_FILES = 3;

    private final Path root;
    private final long maxBytes;
    private final Map<String, LogFile> files = new ConcurrentHashMap<>();

    public LocalFunctionLogs(Path root, long maxBytes) {
        this.root = Directories.create(root);
        this.maxBytes = maxBytes;
    }

    /** The platform's own line about a function (build step, crash, restart). */
    public void note(String namespace, String name, String message) {
        file(namespace, name).append(PLATFORM_PREFIX + message);
    }

    /** Copies a process's output into the function's log, line by line, until the stream ends. */
    public void pump(String namespace, String name, InputStream output, String linePrefix, Consumer<String> tap) {
        Thread.ofVirtual().name("log-" + namespace + "-" + name).start(() -> {
            LogFile file = file(namespace, name);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    file.append(linePrefix + line, !reader.ready());
                    tap.accept(line);
                }
            } catch (IOException e) {
                // the process ended or was killed: nothing more to copy
            }
        });
    }

    @Override
    public List<String> tail(String namespace, String name, int lines) {
        LogFile file = files.get(key(namespace, name));
        if (file != null) {
            file.flush();
        }
        Path current = path(namespace, name, 0);
        Deque<String> out = new ArrayDeque<>();
        for (int i = 0; i < KEPT_FILES && out.size() < lines; i++) {
            Path p = i == 0 ? current : path(namespace, name, i);
            if (!Files.exists(p)) {
                break;
            }
            List<String> last = lastLines(p, lines - out.size());
            for (int j = last.size() - 1; j >= 0; j--) {
                out.addFirst(last.get(j));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public Subscription follow(String namespace, String name, Consumer<String> listener) {
        LogFile file = file(namespace, name);
        file.followers.add(listener);
        return () -> file.followers.remove(listener);
    }

    /** Removes a deleted function's log files. */
    public void delete(String namespace, String name) {
        LogFile file = files.remove(key(namespace, name));
        if (file != null) {
            file.close();
        }
        for (int i = 0; i < KEPT_FILES; i++) {
            try {
                Files.deleteIfExists(path(namespace, name, i));
            } catch (IOException e) {
                log.warn("cannot delete log of {}/{}: {}", namespace, name, e.getMessage());
            }
        }
    }

    private LogFile file(String namespace, String name) {
        return files.computeIfAbsent(key(namespace, name), k -> new LogFile(namespace, name));
    }

    private Path path(String namespace, String name, int generation) {
        return root.resolve(namespace).resolve(name + ".log" + (generation == 0 ? "" : "." + generation));
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** Reads backwards from the end, so a tail of a large file costs only the bytes it shows. */
    static List<String> lastLines(Path file, int count) {
        if (count <= 0) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            long start = end;
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
            byte[] tail = new byte[(int) (end - start)];
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

    private final class LogFile {
        private final String namespace;
        private final String name;
        private final List<Consumer<String>> followers = new CopyOnWriteArrayList<>();
        private BufferedWriter writer;
        private long size;

        LogFile(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }

        void append(String line) {
            append(line, true);
        }

        synchronized void append(String line, boolean flush) {
            try {
                if (writer == null) {
                    open();
                }
                writer.write(line);
                writer.write('\n');
                size += line.length() + 1;
                if (flush) {
                    writer.flush();
                }
                if (size > maxBytes) {
                    rotate();
                }
            } catch (IOException e) {
                log.warn("cannot write log of {}/{}: {}", namespace, name, e.getMessage());
            }
            for (Consumer<String> follower : followers) {
                follower.accept(line);
            }
        }

        synchronized void flush() {
            try {
                if (writer != null) {
                    writer.flush();
                }
            } catch (IOException e) {
                log.warn("cannot flush log of {}/{}: {}", namespace, name, e.getMessage());
            }
        }

        synchronized void close() {
            try {
                if (writer != null) {
                    writer.close();
                }
            } catch (IOException e) {
                log.debug("closing log: {}", e.getMessage());
            }
            writer = null;
        }

        private void open() throws IOException {
            Path current = path(namespace, name, 0);
            Files.createDirectories(current.getParent());
            writer = Files.newBufferedWriter(current, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            size = Files.size(current);
        }

        private void rotate() throws IOException {
            writer.close();
            writer = null;
            for (int i = KEPT_FILES - 1; i > 0; i--) {
                Path from = path(namespace, name, i - 1);
                if (Files.exists(from)) {
                    Files.move(from, path(namespace, name, i), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            open();
        }
    }
}
