package dev.nubo.core.testing;

import java.util.List;

import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.runtime.RuntimeInfo;

/** A fixed catalog for validation and conversion tests (no interpreters needed). */
public record TestCatalog(List<RuntimeInfo> runtimes, List<LanguageIds> languages) implements RuntimeCatalog {

    public static TestCatalog pythonAndNode() {
        return new TestCatalog(
                List.of(new RuntimeInfo("python3.11", "python", "3.11", "requirements.txt", "py"),
                        new RuntimeInfo("nodejs20", "nodejs", "20", "package.json", "js"),
                        new RuntimeInfo("nodejs22", "nodejs", "22", "package.json", "js")),
                List.of(new LanguageIds("python", "python", List.of("python2.7", "python3.6")),
                        new LanguageIds("nodejs", "nodejs", List.of("nodejs10", "nodejs_distroless8"))));
    }
}
