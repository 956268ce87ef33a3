package dev.nubo.controller.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nubo.controller.process.ProcessSpawner;

class SandboxCommandTest {

    private static final Path BWRAP = Path.of("/usr/bin/bwrap");
    private static final List<String> COMMAND = List.of("/usr/bin/python3", "server.py");

    private static SandboxCommand.Plan plan(List<Path> cgroups, String dropTo) {
        return new SandboxCommand.Plan(List.of(Path.of("/data/fn/code"), Path.of("/data/deps/x")),
                List.of(Path.of("/data/cache")), List.of(Path.of("/usr"), Path.of("/etc/ssl")), Path.of("/data/fn/code"),
                true, 1 << 20, null, 512, cgroups, dropTo, "65534:65534",
                java.util.Map.of(Path.of("/dev/shm/nubo/x/db"), Path.of("/var/run/secrets/db")));
    }

    @Test
    void joinsTheCgroupsAndLimitsOpenFilesBeforeDroppingToTheSandboxUserWhileThePlatformLives() {
        List<String> wrapped = SandboxCommand.wrap(BWRAP, plan(List.of(Path.of("/sys/fs/cgroup/memory/nubo/a/cgroup.procs"),
                Path.of("/sys/fs/cgroup/pids/nubo/a/cgroup.procs")), "65534:65534"), COMMAND);

        assertThat(wrapped.subList(0, 2)).containsExactly("/bin/sh", "-c");
        assertThat(wrapped.get(2)).isEqualTo("echo $$ > '/sys/fs/cgroup/memory/nubo/a/cgroup.procs' && "
                + "echo $$ > '/sys/fs/cgroup/pids/nubo/a/cgroup.procs' && ulimit -n 512 && exec \"$@\"");
        int setpriv = wrapped.indexOf("/usr/bin/setpriv");
        assertThat(wrapped.subList(setpriv, setpriv + 9)).containsExactly("/usr/bin/setpriv", "--reuid", "65534",
                "--regid", "65534", "--clear-groups", "--pdeathsig", "KILL", "--");
        assertThat(wrapped.subList(setpriv + 9, setpriv + 13)).as("runs on only while the platform is its parent")
                .isEqualTo(ProcessSpawner.onlyWhileThePlatformLives());
        assertThat(wrapped.get(setpriv + 13)).isEqualTo("/usr/bin/bwrap");
    }

    @Test
    void theCommandSeesTheSystemItsOwnDirectoriesAndAPrivateTmpAndNothingElse() {
        List<String> wrapped = SandboxCommand.wrap(BWRAP, plan(List.of(), null), COMMAND);
        String args = String.join(" ", wrapped);

        assertThat(wrapped).doesNotContain("/usr/bin/setpriv");
        assertThat(args).contains("--unshare-all --die-with-parent --cap-drop ALL --uid 65534 --gid 65534 --share-net")
                .contains("--ro-bind /usr /usr --ro-bind /etc/ssl /etc/ssl")
                .contains("--size 1048576 --tmpfs /tmp")
                .contains("--ro-bind /data/fn/code /data/fn/code --ro-bind /data/deps/x /data/deps/x")
                .contains("--bind /data/cache /data/cache")
                .contains("--ro-bind /dev/shm/nubo/x/db /var/run/secrets/db")
                .endsWith("--chdir /data/fn/code -- /usr/bin/python3 server.py");
        assertThat(args.indexOf("--tmpfs /tmp")).as("/tmp before the binds that may lie under it")
                .isLessThan(args.indexOf("--ro-bind /data/fn/code"));
        assertThat(args).doesNotContain("/data ").doesNotContain("--bind / ");
    }

    @Test
    void aCgroupPathThatCouldBreakTheScriptIsRefused() {
        assertThatThrownBy(() -> SandboxCommand.wrap(BWRAP, plan(List.of(Path.of("/sys/x'; rm -rf /")), null),
                COMMAND)).isInstanceOf(IllegalArgumentException.class);
    }
}
