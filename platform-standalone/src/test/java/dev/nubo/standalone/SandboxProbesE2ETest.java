package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/**
 * Functions that try to break out, one per runtime, deployed as any user would: they try to read the platform's
 * files and environment and another function's code, and to open connections to the platform's API, PostgreSQL,
 * Redis, NATS and Kafka over loopback and over this machine's own address. Every attempt must fail while the
 * controls (a system file, the gateway) succeed, so a probe that cannot read or connect at all does not pass. Then
 * the bombs (memory, processes, /tmp) stay inside their replica — which the status says was killed, OOMKilled or
 * PidsLimit — while a neighbour keeps answering and the platform's own answers keep their speed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxProbesE2ETest {

    private static final String CONTROL_FILE = "/usr/lib/os-release";

    private final Platform nubo = Platform.shared();
    private List<String> forbiddenFiles;
    private List<String> forbiddenTargets;
    private String controlTarget;

    @BeforeAll
    void neighbourAndTargets() throws IOException {
        // a neighbour whose code the probes must not see
        assertThat(nubo.create("default", Functions.python("probe-neighbour",
                "def handler(event, context):\n    return 'neighbour ok'\n")).status()).isEqualTo(201);
        nubo.awaitReady("default", "probe-neighbour");

        forbiddenFiles = new ArrayList<>();
        forbiddenFiles.add("/proc/" + ProcessHandle.current().pid() + "/environ");
        forbiddenFiles.add("/proc/" + ProcessHandle.current().pid() + "/cmdline");
        forbiddenFiles.addAll(regularFiles(nubo.dataDir, 1));
        forbiddenFiles.addAll(regularFiles(nubo.dataDir.resolve("functions/default/probe-neighbour"), 6));
        assertThat(forbiddenFiles).as("the data directory holds files to steal").hasSizeGreaterThan(3);

        forbiddenTargets = new ArrayList<>(List.of("127.0.0.1:" + nubo.apiPort, "127.0.0.1:5432", "127.0.0.1:6379",
                "127.0.0.1:4222"));
        forbiddenTargets.add(nubo.kafka().split(",")[0].replace("localhost", "127.0.0.1"));
        ownAddress().ifPresent(address -> forbiddenTargets.add(address + ":" + nubo.apiPort));
        controlTarget = "127.0.0.1:" + nubo.gatewayPort;
    }

    static Stream<Arguments> probes() {
        return Stream.of(
                Arguments.of("python3.11", "probe.probe", """
                        import os, socket
                        FILES = %s
                        TARGETS = %s
                        def probe(event, context):
                            out = []
                            for path in FILES:
                                try:
                                    with open(path, "rb"):
                                        out.append("read " + path)
                                except OSError:
                                    pass
                            for target in TARGETS:
                                host, port = target.rsplit(":", 1)
                                try:
                                    socket.create_connection((host, int(port)), timeout=2).close()
                                    out.append("connected " + target)
                                except OSError:
                                    pass
                            out.append("uid %%d" %% os.getuid())
                            return "\\n".join(out)
                        """),
                Arguments.of("nodejs20", "probe.probe", """
                        const fs = require('fs');
                        const net = require('net');
                        const FILES = %s;
                        const TARGETS = %s;
                        function connects(target) {
                          const i = target.lastIndexOf(':');
                          return new Promise(resolve => {
                            const s = net.connect({host: target.slice(0, i), port: Number(target.slice(i + 1))});
                            s.setTimeout(2000);
                            s.on('connect', () => { s.destroy(); resolve(true); });
                            s.on('error', () => resolve(false));
                            s.on('timeout', () => { s.destroy(); resolve(false); });
                          });
                        }
                        exports.probe = async () => {
                          const out = [];
                          for (const f of FILES) {
                            try { fs.closeSync(fs.openSync(f, 'r')); out.push('read ' + f); } catch (e) { }
                          }
                          for (const t of TARGETS) { if (await connects(t)) out.push('connected ' + t); }
                          out.push('uid ' + process.getuid());
                          return out.join('\\n');
                        };
                        """),
                Arguments.of("ruby3.1", "probe.probe", """
                        require 'socket'
                        def probe(event, context)
                          out = []
                          %s.each do |f|
                            begin
                              File.open(f, 'rb') { |io| }
                              out << "read #{f}"
                            rescue StandardError, SystemCallError
                            end
                          end
                          %s.each do |t|
                            host, _, port = t.rpartition(':')
                            begin
                              Socket.tcp(host, port.to_i, connect_timeout: 2).close
                              out << "connected #{t}"
                            rescue StandardError, SystemCallError
                            end
                          end
                          out << "uid #{Process.uid}"
                          out.join("\\n")
                        end
                        """),
                Arguments.of("php8.2", "probe.probe", """
                        <?php
                        function probe($event, $context) {
                            $out = [];
                            foreach (%s as $f) {
                                $h = @fopen($f, 'rb');
                                if ($h !== false) { fclose($h); $out[] = "read $f"; }
                            }
                            foreach (%s as $t) {
                                $i = strrpos($t, ':');
                                $s = @fsockopen(substr($t, 0, $i), (int) substr($t, $i + 1), $errno, $errstr, 2);
                                if ($s !== false) { fclose($s); $out[] = "connected $t"; }
                            }
                            $out[] = 'uid ' . (function_exists('posix_getuid') ? posix_getuid() : -1);
                            return implode("\\n", $out);
                        }
                        """),
                Arguments.of("go1.19", "probe.Probe", """
                        package kubeless

                        import (
                        	"fmt"
                        	"net"
                        	"os"
                        	"strings"
                        	"time"

                        	"github.com/kubeless/kubeless/pkg/functions"
                        )

                        var files = []string%s
                        var targets = []string%s

                        func Probe(event functions.Event, context functions.Context) (string, error) {
                        	out := []string{}
                        	for _, f := range files {
                        		if fh, err := os.Open(f); err == nil {
                        			fh.Close()
                        			out = append(out, "read "+f)
                        		}
                        	}
                        	for _, t := range targets {
                        		if c, err := net.DialTimeout("tcp", t, 2*time.Second); err == nil {
                        			c.Close()
                        			out = append(out, "connected "+t)
                        		}
                        	}
                        	out = append(out, fmt.Sprintf("uid %%d", os.Getuid()))
                        	return strings.Join(out, "\\n"), nil
                        }
                        """),
                Arguments.of("java21", "Probe.probe", """
                        package io.kubeless;

                        import java.io.FileInputStream;
                        import java.io.IOException;
                        import java.net.InetSocketAddress;
                        import java.net.Socket;
                        import java.util.ArrayList;
                        import java.util.List;

                        public class Probe {
                            static final String[] FILES = %s;
                            static final String[] TARGETS = %s;

                            public String probe(io.kubeless.Event event, io.kubeless.Context context) {
                                List<String> out = new ArrayList<>();
                                for (String f : FILES) {
                                    try (FileInputStream in = new FileInputStream(f)) {
                                        out.add("read " + f);
                                    } catch (IOException e) {
                                    }
                                }
                                for (String t : TARGETS) {
                                    int i = t.lastIndexOf(':');
                                    try (Socket s = new Socket()) {
                                        s.connect(new InetSocketAddress(t.substring(0, i), Integer.parseInt(t.substring(i + 1))), 2000);
                                        out.add("connected " + t);
                                    } catch (IOException e) {
                                    }
                                }
                                return String.join("\\n", out);
                            }
                        }
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void aFunctionReachesNeitherThePlatformNorItsNeighbours(String runtime, String handler, String template) {
        List<String> files = new ArrayList<>(forbiddenFiles);
        files.add(CONTROL_FILE);
        List<String> targets = new ArrayList<>(forbiddenTargets);
        targets.add(controlTarget);
        String code = template.formatted(literal(runtime, files), literal(runtime, targets));
        String name = "probe-" + runtime.replaceAll("[^a-z0-9]", "");

        assertThat(nubo.create("default", Functions.inline(name, runtime, handler, code)).status()).isEqualTo(201);
        nubo.awaitPhase("default", name, "Ready", Duration.ofMinutes(5));
        Http.Response answer = nubo.call("POST", "/default/" + name, "text/plain", "probe");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> seen = answer.body().lines().toList();
        assertThat(seen).as("the controls work, so refusals are the sandbox's")
                .contains("read " + CONTROL_FILE, "connected " + controlTarget);
        assertThat(seen).as("nothing of the platform or a neighbour is in reach")
                .noneMatch(line -> line.startsWith("read ") && !line.equals("read " + CONTROL_FILE))
                .noneMatch(line -> line.startsWith("connected ") && !line.equals("connected " + controlTarget))
                .noneMatch(line -> line.equals("uid 0"));
        nubo.delete("default", name);
    }

    @Test
    void bombsStayInsideTheirReplicaWhileANeighbourAnswers() {
        String bomb = """
                import os, time
                def handler(event, context):
                    what = event["data"]
                    if what == "memory":
                        hoard = []
                        while True:
                            # 64 MiB at a time, every byte written: at its 256 MiB limit within a few steps, no slow
                            # climb for the health probe to give up on
                            hoard.append(b"x" * (64 * 1024 * 1024))
                    if what == "processes":
                        started = 0
                        # light children (a forked Python copies its pages and hits the memory limit first)
                        for _ in range(2000):
                            try:
                                os.posix_spawn("/usr/bin/sleep", ["sleep", "30"], {})
                            except OSError:
                                break
                            started += 1
                        return "forked %d" % started
                    if what == "tmp":
                        written = 0
                        try:
                            with open("/tmp/fill", "wb") as f:
                                while written < 1024 * 1024 * 1024:
                                    f.write(b"x" * 1024 * 1024)
                                    f.flush()
                                    written += 1024 * 1024
                        except OSError:
                            pass
                        os.remove("/tmp/fill")
                        return "wrote %d" % written
                    return "ok"
                """;
        String document = Http.json(Map.of("apiVersion", "nubo.dev/v1", "kind", "Function",
                "metadata", Map.of("name", "probe-bombs"),
                "spec", Map.of("runtime", "python3.11", "handler", "main.handler", "source", Map.of("inline", bomb),
                        "resources", Map.of("memory", "256Mi"))));
        assertThat(nubo.create("default", document).status()).isEqualTo(201);
        nubo.awaitReady("default", "probe-bombs");
        Duration quiet = median(latenciesWhile(() -> { }));
        Set<String> reasons = ConcurrentHashMap.newKeySet();
        Thread watcher = Thread.ofVirtual().start(() -> watchReadyReasons("probe-bombs", reasons));
        try {
            Http.Response[] tmp = new Http.Response[1];
            Duration duringTmp = median(latenciesWhile(
                    () -> tmp[0] = nubo.call("POST", "/default/probe-bombs", "text/plain", "tmp")));
            assertThat(tmp[0].body()).startsWith("wrote ");
            assertThat(Long.parseLong(tmp[0].body().substring("wrote ".length())))
                    .as("a private /tmp of limited size (64 MB by default)").isLessThanOrEqualTo(64L * 1024 * 1024);
            assertNeighbourAnswers();

            Http.Response[] processes = new Http.Response[1];
            Duration duringForks = median(latenciesWhile(
                    () -> processes[0] = nubo.call("POST", "/default/probe-bombs", "text/plain", "processes")));
            if (processes[0].status() == 200) {
                assertThat(Integer.parseInt(processes[0].body().substring("forked ".length())))
                        .as("the process limit (256 by default) stops a fork bomb").isLessThan(256);
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(reasons)
                    .as("the status says why the replica was replaced").contains("PidsLimit"));
            assertNeighbourAnswers();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
                    nubo.call("POST", "/default/probe-bombs", "text/plain", "hello").body())
                    .as("the forked function comes back").isEqualTo("ok"));

            reasons.clear(); // from here: what the memory bomb brings
            Duration duringMemory = median(latenciesWhile(
                    () -> nubo.call("POST", "/default/probe-bombs", "text/plain", "memory")));
            // OOMKilled when the kernel kills it at its limit, and also when the health probe gives up on it first
            // while it thrashes there (its cgroup is at the limit: the platform says OOMKilled). ReplicaUnhealthy is
            // true only if the probe gave up before the bomb reached its limit (a CPU-starved machine): the platform
            // killed it for not answering and says so. A plain ReplicaCrashed is false either way.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(reasons)
                    .as("the status says why the replica died").containsAnyOf("OOMKilled", "ReplicaUnhealthy"));
            assertThat(reasons).as("a replica killed for its memory is no crash").doesNotContain("ReplicaCrashed");
            String log = nubo.apiCall("GET", "/api/v1/namespaces/default/functions/probe-bombs/logs?tailLines=500",
                    null, null).body();
            assertThat(log).as("and so does the function's log").contains("more than its limit of processes")
                    .contains(reasons.contains("OOMKilled") ? "more memory than its limit" : "health probes in a row");
            assertNeighbourAnswers();
            assertThat(nubo.get("default", "probe-neighbour").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
                    nubo.call("POST", "/default/probe-bombs", "text/plain", "hello").body())
                    .as("the bombed function comes back").isEqualTo("ok"));
            // the platform's own answers (API and gateway) keep their speed while a function misbehaves
            for (Duration during : List.of(duringTmp, duringForks, duringMemory)) {
                assertThat(during).as("median latency while bombed, quiet: %s", quiet)
                        .isLessThan(quiet.multipliedBy(3).plusMillis(25));
            }
        } finally {
            watcher.interrupt();
        }
        nubo.delete("default", "probe-bombs");
    }

    /**
     * The time of one API read and one gateway call of the neighbour, over and over while {@code bomb} runs (and at
     * least 20 times).
     */
    private List<Duration> latenciesWhile(Runnable bomb) {
        CompletableFuture<Void> running = CompletableFuture.runAsync(bomb);
        List<Duration> samples = new ArrayList<>();
        while (!running.isDone() || samples.size() < 20) {
            long start = System.nanoTime();
            assertThat(nubo.get("default", "probe-neighbour").status()).isEqualTo(200);
            assertNeighbourAnswers();
            samples.add(Duration.ofNanos(System.nanoTime() - start));
        }
        running.join();
        return samples;
    }

    private static Duration median(List<Duration> samples) {
        return samples.stream().sorted().toList().get(samples.size() / 2);
    }

    /** Collects every reason the function's Ready condition shows, as a user polling its status would see them. */
    private void watchReadyReasons(String function, Set<String> reasons) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                for (JsonNode condition : nubo.get("default", function).json().path("status").path("conditions")) {
                    if (condition.path("type").asString().equals("Ready")) {
                        reasons.add(condition.path("reason").asString());
                    }
                }
            } catch (RuntimeException e) {
                // one GET that failed while a bomb loads the machine must not end the watch: the reason that lasts a
                // second (a restart's backoff) would go unseen (a CI run saw only ReplicasReady after an OOM kill)
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void assertNeighbourAnswers() {
        Http.Response neighbour = nubo.call("GET", "/default/probe-neighbour", null, null);
        assertThat(neighbour.status()).isEqualTo(200);
        assertThat(neighbour.body()).isEqualTo("neighbour ok");
    }

    /** A list literal in the probe's language. */
    private static String literal(String runtime, List<String> values) {
        String quoted = values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
        if (runtime.startsWith("go") || runtime.startsWith("java")) {
            return "{" + quoted + "}";
        }
        return "[" + quoted + "]";
    }

    private static List<String> regularFiles(Path dir, int depth) {
        try (Stream<Path> files = Files.walk(dir, depth)) {
            return files.filter(Files::isRegularFile).limit(20).map(Path::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This machine's first non-loopback IPv4 address: connections to it go over loopback too. */
    private static java.util.Optional<String> ownAddress() throws IOException {
        return NetworkInterface.networkInterfaces().filter(nic -> {
            try {
                return nic.isUp() && !nic.isLoopback();
            } catch (IOException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(Inet4Address.class::isInstance)
                .map(InetAddress::getHostAddress).findFirst();
    }
}
