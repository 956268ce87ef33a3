package dev.nubo.kubernetes.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable;

import dev.nubo.core.logs.FunctionLogs;
import dev.nubo.kubernetes.function.FunctionLabels;
import dev.nubo.kubernetes.function.FunctionWorkloads;
import dev.nubo.kubernetes.store.NamespaceMapping;

/**
 * {@link FunctionLogs} on the Kubernetes backend: what the function container of each of the function's pods
 * ({@code nubo.dev/function=<name>}) printed, read through the API server's pod log endpoint. The kubelet stamps every
 * line with its time ({@code timestamps=true}): the pods' lines are merged in time order, and a follow continues each
 * pod after the last line its backlog held (later stamps only), so nothing is repeated or lost between the two. A
 * follow watches the function's pods too: a pod that starts later (a wake, a scale-up, a restarted container) is
 * followed from its first line. The kubelet keeps a pod's log while the pod lives: a function scaled to zero has none.
 */
public final class PodFunctionLogs implements FunctionLogs {

    private static final Logger log = LoggerFactory.getLogger(PodFunctionLogs.class);
    private static final int OPEN_ATTEMPTS = 3;

    private final KubernetesClient client;
    private final NamespaceMapping mapping;

    public PodFunctionLogs(KubernetesClient client, NamespaceMapping mapping) {
        this.client = client;
        this.mapping = mapping;
    }

    /** One line as the kubelet gives it: its time stamp, then the text. */
    record Line(Instant time, String text) {

        /** {@code 2026-12-04T15:06:29.123456789Z text}; a line without a stamp sorts first. */
        static Line parse(String raw) {
            int space = raw.indexOf(' ');
            if (space > 0) {
                try {
                    return new Line(Instant.parse(raw.substring(0, space)), raw.substring(space + 1));
                } catch (DateTimeParseException e) {
                    // not stamped: kept as it is
                }
            }
            return new Line(Instant.MIN, raw);
        }
    }

    @Override
    public List<String> tail(String namespace, String name, int lines) {
        List<Line> merged = new ArrayList<>();
        for (Pod pod : pods(namespace, name)) {
            if (hasLog(pod)) {
                merged.addAll(read(pod, lines));
            }
        }
        return last(merged, lines).stream().map(Line::text).toList();
    }

    @Override
    public Subscription follow(String namespace, String name, int tailLines, Consumer<List<String>> backlog,
            Consumer<String> listener) {
        Follow follow = new Follow(mapping.toCluster(namespace), listener);
        List<Pod> pods = pods(namespace, name);
        List<Line> merged = new ArrayList<>();
        for (Pod pod : pods) {
            List<Line> lines = hasLog(pod) ? read(pod, Math.max(tailLines, 1)) : List.of();
            merged.addAll(lines);
            follow.after(pod, lines.isEmpty() ? null : lines.getLast().time());
        }
        // the backlog first: no followed line reaches the listener before it
        backlog.accept(last(merged, tailLines).stream().map(Line::text).toList());
        pods.stream().filter(PodFunctionLogs::running).forEach(follow::stream);
        follow.start(name);
        return follow::close;
    }

    private List<Pod> pods(String namespace, String name) {
        return client.pods().inNamespace(mapping.toCluster(namespace)).withLabel(FunctionLabels.FUNCTION, name).list()
                .getItems();
    }

    /** The pod's last {@code lines} lines; none when its container has not started (no log yet) or is gone. */
    private List<Line> read(Pod pod, int lines) {
        try {
            String text = container(pod).usingTimestamps().tailingLines(lines).getLog();
            return text == null || text.isEmpty() ? List.of() : text.lines().map(Line::parse).toList();
        } catch (KubernetesClientException e) {
            log.debug("no log of pod {}: {}", pod.getMetadata().getName(), e.getMessage());
            return List.of();
        }
    }

    private io.fabric8.kubernetes.client.dsl.ContainerResource container(Pod pod) {
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .inContainer(FunctionWorkloads.FUNCTION_CONTAINER);
    }

    /** The last {@code lines} of the pods' lines, in time order (a stable sort keeps each pod's own order). */
    private static List<Line> last(List<Line> lines, int count) {
        List<Line> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparing(Line::time));
        return count <= 0 ? List.of() : sorted.subList(Math.max(0, sorted.size() - count), sorted.size());
    }

    /**
     * Whether the pod's function container has run: running now, or ended (a crash loop's last run is what tells why
     * it crashes). A pod still pulling its image or running init containers has no log of the function yet.
     */
    static boolean hasLog(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return false;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .anyMatch(c -> FunctionWorkloads.FUNCTION_CONTAINER.equals(c.getName())
                        && (c.getState() != null && (c.getState().getRunning() != null
                                || c.getState().getTerminated() != null)
                                || c.getLastState() != null && c.getLastState().getTerminated() != null));
    }

    /** Whether the pod's function container runs (only then has it a log to follow). */
    static boolean running(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                || pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .anyMatch(c -> FunctionWorkloads.FUNCTION_CONTAINER.equals(c.getName()) && c.getState() != null
                        && c.getState().getRunning() != null);
    }

    /** One open follow: a log stream per running pod of the function, and a watch that finds new pods. */
    private final class Follow {

        private final String clusterNamespace;
        private final Consumer<String> listener;
        /** Per pod: the stamp of the last line handed on (null: none yet, follow from the first line). */
        private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
        private final Map<String, LogWatch> streams = new ConcurrentHashMap<>();
        /** Lines of several pods reach the listener one at a time. */
        private final Object handOn = new Object();
        private volatile Watch podWatch;
        private volatile boolean closed;

        Follow(String clusterNamespace, Consumer<String> listener) {
            this.clusterNamespace = clusterNamespace;
            this.listener = listener;
        }

        /** The pod's lines up to {@code last} were in the backlog (null: none were). */
        void after(Pod pod, Instant last) {
            if (last != null) {
                lastSeen.put(pod.getMetadata().getName(), last);
            }
        }

        void start(String function) {
            podWatch = client.pods().inNamespace(clusterNamespace).withLabel(FunctionLabels.FUNCTION, function)
                    .watch(new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, Pod pod) {
                            if (action == Action.DELETED) {
                                stop(pod.getMetadata().getName());
                            } else if (running(pod)) {
                                stream(pod);
                            }
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                            log.debug("pod watch of {} ended: {}", function, cause == null ? "closed" : cause.getMessage());
                        }
                    });
        }

        /** Follows the pod's log from after its last line handed on, unless it is followed already. */
        synchronized void stream(Pod pod) {
            String podName = pod.getMetadata().getName();
            if (closed || streams.containsKey(podName)) {
                return;
            }
            LogWatch watch = open(pod, lastSeen.get(podName));
            if (watch == null) {
                return;
            }
            streams.put(podName, watch);
            Thread.ofVirtual().name("nubo-log-" + podName).start(() -> pump(podName, watch));
        }

        /**
         * The pod's log from after {@code after} (null: from its first line); null when it cannot be opened. A
         * connection closed under the request is retried a few times: it is the connection's fault, not the pod's.
         */
        private LogWatch open(Pod pod, Instant after) {
            for (int attempt = 1; ; attempt++) {
                TimeTailPrettyLoggable logs = container(pod).usingTimestamps();
                try {
                    // the kubelet's sinceTime is whole seconds: the lines of that second already handed on are dropped
                    return after == null ? logs.watchLog() : logs.sinceTime(after.truncatedTo(
                            java.time.temporal.ChronoUnit.SECONDS).toString()).watchLog();
                } catch (RuntimeException e) {
                    if (e instanceof KubernetesClientException || attempt == OPEN_ATTEMPTS) {
                        log.debug("cannot follow pod {}: {}", pod.getMetadata().getName(), e.toString());
                        return null;
                    }
                }
            }
        }

        private void pump(String podName, LogWatch watch) {
            try (InputStream in = watch.getOutput();
                    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String raw;
                while (!closed && (raw = reader.readLine()) != null) {
                    Line line = Line.parse(raw);
                    Instant last = lastSeen.get(podName);
                    if (last != null && !line.time().isAfter(last)) {
                        continue; // in the backlog or handed on already
                    }
                    if (line.time() != Instant.MIN) {
                        lastSeen.put(podName, line.time());
                    }
                    synchronized (handOn) {
                        listener.accept(line.text());
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.debug("log stream of pod {} ended: {}", podName, e.toString());
            } finally {
                // the container stopped (or restarts): the next pod event that shows it running follows it again
                streams.remove(podName, watch);
                watch.close();
            }
        }

        private void stop(String podName) {
            LogWatch watch = streams.remove(podName);
            if (watch != null) {
                watch.close();
            }
            lastSeen.remove(podName);
        }

        synchronized void close() {
            closed = true;
            if (podWatch != null) {
                podWatch.close();
            }
            streams.values().forEach(LogWatch::close);
            streams.clear();
        }
    }
}
