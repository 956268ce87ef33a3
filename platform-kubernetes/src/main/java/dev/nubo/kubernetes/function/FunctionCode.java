package dev.nubo.kubernetes.function;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.source.Checksums;

/**
 * How a function's code reaches its pods: in the function's ConfigMap when it fits, otherwise downloaded by the
 * init container — from the user's URL, or from the API by digest when it is too large for a ConfigMap.
 *
 * @param delivery   MOUNTED (ConfigMap), URL (the spec's URL) or API (the platform serves it by digest)
 * @param format     {@code file}, {@code zip} or {@code tar.gz}
 * @param sourceFile in the ConfigMap (MOUNTED) the key holding it
 * @param codeFile   the file name a single-file source gets in the code directory ({@code <module>.<ext>})
 * @param sha256     of the source bytes: the init container checks a download against it
 * @param data       the ConfigMap's text entries (code, dependency file)
 * @param binaryData the ConfigMap's binary entries (archives, base64)
 */
public record FunctionCode(Delivery delivery, String format, String sourceFile, String codeFile, String sha256,
        String url, Map<String, String> data, Map<String, String> binaryData) {

    public enum Delivery { MOUNTED, URL, API }

    public static final String FILE = "file";
    public static final String ZIP = "zip";
    public static final String TAR_GZ = "tar.gz";

    public static FunctionCode plan(String namespace, String name, FunctionSpec spec, RuntimeImage runtime,
            WorkloadSettings settings) {
        FunctionSource source = spec.source();
        String codeFile = spec.moduleName() + "." + runtime.fileExtension();
        Map<String, String> data = new LinkedHashMap<>();
        Map<String, String> binary = new LinkedHashMap<>();
        if (spec.hasDeps() && runtime.installsDependencies()) {
            data.put(runtime.depsFile(), spec.deps());
        }
        if (source.url() != null) {
            return new FunctionCode(Delivery.URL, formatOf(source), null, codeFile,
                    source.sha256().toLowerCase(Locale.ROOT), source.url(), data, binary);
        }
        String sha256 = Checksums.sha256(source.bytes());
        String format = formatOf(source);
        String key;
        long size;
        if (source.inline() != null) {
            key = codeFile;
            size = source.inline().getBytes(StandardCharsets.UTF_8).length;
        } else {
            key = "source." + format;
            size = (source.zip() != null ? source.zip() : source.tarGz()).length();
        }
        long depsSize = data.values().stream().mapToLong(v -> v.getBytes(StandardCharsets.UTF_8).length).sum();
        if (size + depsSize > settings.configMapLimitBytes()) {
            return new FunctionCode(Delivery.API, format, null, codeFile, sha256,
                    apiUrl(settings, namespace, name, sha256), data, binary);
        }
        if (FILE.equals(format)) {
            data.put(key, source.inline());
        } else {
            binary.put(key, (source.zip() != null ? source.zip() : source.tarGz()).replaceAll("\\s", ""));
        }
        return new FunctionCode(Delivery.MOUNTED, format, key, codeFile, sha256, null, data, binary);
    }

    /** Where a pod downloads the code from the API by its digest (no credentials: the digest is one). */
    public static String apiUrl(WorkloadSettings settings, String namespace, String name, String sha256) {
        return settings.sourceUrl().replaceAll("/+$", "") + "/api/v1/function-sources/" + namespace + "/" + name
                + "/" + sha256;
    }

    /** Changes whenever the code or the dependency file changes: the pods roll. */
    public String digest() {
        return Checksums.sha256(sha256 + "\n" + data.entrySet().stream()
                .filter(e -> !e.getKey().equals(sourceFile)).map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** {@code file} (inline code, or a URL of neither archive kind), {@code zip} or {@code tar.gz}. */
    public static String formatOf(FunctionSource source) {
        if (source.url() != null) {
            return formatOfUrl(source.url());
        }
        if (source.inline() != null) {
            return FILE;
        }
        return source.zip() != null ? ZIP : TAR_GZ;
    }

    private static String formatOfUrl(String url) {
        String path = url.replaceAll("[?#].*$", "").toLowerCase(Locale.ROOT);
        if (path.endsWith(".zip")) {
            return ZIP;
        }
        return path.endsWith(".tar.gz") || path.endsWith(".tgz") ? TAR_GZ : FILE;
    }
}
