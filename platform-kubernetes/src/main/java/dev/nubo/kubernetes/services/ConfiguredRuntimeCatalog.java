package dev.nubo.kubernetes.services;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.runtime.RuntimeInfo;

/**
 * The runtimes of a Kubernetes installation, as its configuration names them ({@code nubo.kubernetes.runtimes}; the
 * chart fills it from values.yaml, where the runtime images are named): on Kubernetes no service can look for
 * interpreters, the runtime images are what runs functions, and only the installation knows which language version
 * each image carries. A Kubeless id finds the nearest offered runtime of its language by the id's prefix (the id
 * without its version: {@code python} of {@code python3.11}).
 */
public final class ConfiguredRuntimeCatalog implements RuntimeCatalog {

    private final List<RuntimeInfo> runtimes;
    private final List<LanguageIds> languages;

    public ConfiguredRuntimeCatalog(List<RuntimeInfo> runtimes) {
        for (RuntimeInfo runtime : runtimes) {
            if (runtime.id() == null || runtime.language() == null || runtime.version() == null
                    || !runtime.id().endsWith(runtime.version()) || runtime.id().equals(runtime.version())) {
                throw new IllegalArgumentException("nubo.kubernetes.runtimes: " + runtime
                        + " needs id, language and version, the id being a prefix followed by the version (python3.11)");
            }
        }
        this.runtimes = List.copyOf(runtimes);
        Map<String, LanguageIds> byLanguage = new LinkedHashMap<>();
        for (RuntimeInfo runtime : runtimes) {
            String prefix = runtime.id().substring(0, runtime.id().length() - runtime.version().length());
            byLanguage.putIfAbsent(runtime.language(), new LanguageIds(runtime.language(), prefix, List.of()));
        }
        this.languages = List.copyOf(byLanguage.values());
    }

    @Override
    public List<RuntimeInfo> runtimes() {
        return runtimes;
    }

    @Override
    public List<LanguageIds> languages() {
        return languages;
    }
}
