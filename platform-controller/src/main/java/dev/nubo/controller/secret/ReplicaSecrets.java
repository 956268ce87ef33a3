package dev.nubo.controller.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.controller.Directories;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.function.SecretRef;
import dev.nubo.core.secret.SecretStore;

/**
 * Hands a replica the secrets its function names: chosen keys as environment variables, and every key of a mounted
 * secret as a file. Files live in memory ({@code /dev/shm}) in a directory of the replica's own, readable by the
 * replica's user only, bound read-only into its sandbox at the mount path, and removed when it exits. Values never
 * reach a log: messages name secrets and keys, never what they hold.
 */
public class ReplicaSecrets {

    private static final Logger log = LoggerFactory.getLogger(ReplicaSecrets.class);

    /** A secret or key the function names does not exist: the replica cannot start. */
    public static final class MissingSecret extends Exception {
        public MissingSecret(String message) {
            super(message);
        }

        public String reason() {
            return FunctionConditions.REASON_SECRET_NOT_FOUND;
        }
    }

    /** Files to bind into the sandbox: {@code source} (a host directory) read-only at {@code target}. */
    public record Mount(Path source, Path target) {
    }

    /** What one replica gets; {@link #release()} once it has exited. */
    public record Prepared(Map<String, String> env, List<Mount> mounts, Path dir) {
        public void release() {
            if (dir != null) {
                Directories.deleteTree(dir);
            }
        }
    }

    private final SecretStore store;
    private final Path root;
    private final Integer ownerUid;

    /**
     * @param root     where replicas' secret files are written (a tmpfs when possible); emptied now
     * @param ownerUid the user replicas run as, to own their files; null to keep the platform's
     */
    public ReplicaSecrets(SecretStore store, Path root, Integer ownerUid) {
        this.store = store;
        this.root = root;
        this.ownerUid = ownerUid;
        Directories.deleteTree(root); // what an earlier run left
    }

    /**
     * Which versions of its secrets a function's replicas run with: replicas started with another stamp are replaced
     * (a rotated secret reaches every replica by a rolling restart).
     */
    public String stamp(Function function) {
        return function.spec().secrets().stream().map(ref -> ref.name() + "@" + store.get(function.namespace(),
                ref.name()).map(s -> s.metadata().resourceVersion()).orElse("missing"))
                .collect(Collectors.joining(","));
    }

    public Prepared prepare(Function function, String instanceId) throws MissingSecret, IOException {
        List<SecretRef> refs = function.spec().secrets();
        if (refs.isEmpty()) {
            return new Prepared(Map.of(), List.of(), null);
        }
        Map<String, String> env = new LinkedHashMap<>();
        List<Mount> mounts = new ArrayList<>();
        Path dir = null;
        try {
            for (SecretRef ref : refs) {
                Map<String, String> data = store.reveal(function.namespace(), ref.name())
                        .orElseThrow(() -> new MissingSecret("secret " + ref.name() + " does not exist in namespace "
                                + function.namespace())).data();
                for (Map.Entry<String, String> wanted : ref.env().entrySet()) {
                    String value = data.get(wanted.getValue());
                    if (value == null) {
                        throw new MissingSecret("secret " + ref.name() + " has no key " + wanted.getValue()
                                + " (for variable " + wanted.getKey() + "); its keys: "
                                + String.join(", ", data.keySet()));
                    }
                    env.put(wanted.getKey(), value);
                }
                if (ref.mountPath() != null) {
                    if (dir == null) {
                        dir = createDir(root.resolve(instanceId), "rwx--x--x");
                    }
                    Path secretDir = createDir(dir.resolve(ref.name()), "rwx------");
                    for (Map.Entry<String, String> entry : data.entrySet()) {
                        Path file = secretDir.resolve(entry.getKey());
                        Files.createFile(file, PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
                        Files.writeString(file, entry.getValue(), StandardCharsets.UTF_8);
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
                        own(file);
                    }
                    Files.setPosixFilePermissions(secretDir, PosixFilePermissions.fromString("r-x------"));
                    own(secretDir);
                    mounts.add(new Mount(secretDir, Path.of(ref.mountPath())));
                }
            }
        } catch (MissingSecret | IOException | RuntimeException e) {
            if (dir != null) {
                Directories.deleteTree(dir);
            }
            throw e;
        }
        return new Prepared(env, mounts, dir);
    }

    private static Path createDir(Path dir, String permissions) throws IOException {
        Files.createDirectories(dir.getParent());
        return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                permissions)));
    }

    private void own(Path path) throws IOException {
        if (ownerUid != null) {
            Files.setAttribute(path, "unix:uid", ownerUid);
        }
    }

    /** {@code /dev/shm/nubo-<id>} when there is a /dev/shm (values stay in memory), else {@code fallback}. */
    public static Path defaultRoot(String id, Path fallback) {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm.resolve("nubo-" + id);
        }
        log.warn("no writable /dev/shm: secret files of replicas go to {} (on disk)", fallback);
        return fallback;
    }
}
