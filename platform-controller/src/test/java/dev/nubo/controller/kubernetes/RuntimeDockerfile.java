package dev.nubo.controller.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last stage of a Dockerfile as far as it can be known without a Docker engine: its base image, labels, env,
 * working directory, command, and the files it holds from the build context (each COPY resolved against the
 * folder), from other stages and images (COPY --from: everything below the target) and from its RUN lines (every
 * absolute path a RUN names). Enough to check that an image holds what the commands run in it name.
 */
record RuntimeDockerfile(String base, Map<String, String> labels, Map<String, String> env, String workdir,
        List<String> command, Map<String, Path> contextFiles, Set<String> opaqueTrees, Set<String> madeByRun) {

    private static final Pattern LABEL = Pattern.compile("(\\S+?)=\"([^\"]*)\"");
    private static final Pattern ABSOLUTE = Pattern.compile("(?<![\\w.])(/[\\w./-]+)");

    /** Whether the image has {@code path}, as a file or a directory. */
    boolean has(String path) {
        String clean = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return contextFiles.containsKey(clean) || madeByRun.contains(clean)
                || contextFiles.keySet().stream().anyMatch(file -> file.startsWith(clean + "/"))
                || opaqueTrees.stream().anyMatch(tree -> clean.equals(tree) || clean.startsWith(tree + "/"));
    }

    /** The files of the image below {@code dir} that came from the build context, with their sources there. */
    Stream<Map.Entry<String, Path>> contextFilesUnder(String dir) {
        return contextFiles.entrySet().stream().filter(f -> f.getKey().startsWith(dir + "/") && f.getValue() != null);
    }

    /**
     * @param context   the build context (the Dockerfile's folder)
     * @param built     files the build writes into the context before the image is built ({@code target/…}), with
     *                  whether the build is known to make them
     */
    static RuntimeDockerfile read(Path context, String dockerfile, java.util.function.Predicate<String> built) {
        List<String[]> instructions = instructions(context.resolve(dockerfile));
        Map<String, String> args = new HashMap<>();
        String base = null;
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        String workdir = "/";
        List<String> entrypoint = List.of();
        List<String> cmd = List.of();
        Map<String, Path> files = new LinkedHashMap<>();
        Set<String> trees = new LinkedHashSet<>();
        Set<String> run = new LinkedHashSet<>();
        for (String[] instruction : instructions) {
            String keyword = instruction[0];
            String rest = instruction[1];
            switch (keyword) {
                case "ARG" -> {
                    String[] kv = rest.split("=", 2);
                    args.putIfAbsent(kv[0], kv.length > 1 ? kv[1] : "");
                }
                case "FROM" -> { // a new stage: only the last one is the image
                    base = substitute(rest.split("\\s+")[0], args);
                    labels.clear();
                    env.clear();
                    workdir = "/";
                    entrypoint = List.of();
                    cmd = List.of();
                    files.clear();
                    trees.clear();
                    run.clear();
                }
                case "LABEL" -> {
                    Matcher m = LABEL.matcher(rest);
                    while (m.find()) {
                        labels.put(m.group(1), m.group(2));
                    }
                }
                case "ENV" -> {
                    for (String pair : rest.trim().split("\\s+")) {
                        String[] kv = pair.split("=", 2);
                        env.put(kv[0], kv.length > 1 ? kv[1] : "");
                    }
                }
                case "WORKDIR" -> workdir = resolve(workdir, rest.trim());
                case "RUN" -> {
                    Matcher m = ABSOLUTE.matcher(rest);
                    while (m.find()) {
                        run.add(m.group(1).endsWith("/") ? m.group(1).substring(0, m.group(1).length() - 1)
                                : m.group(1));
                    }
                }
                case "COPY", "ADD" -> copy(context, rest, workdir, files, trees, built);
                case "ENTRYPOINT" -> entrypoint = execForm(rest);
                case "CMD" -> cmd = execForm(rest);
                default -> { // EXPOSE, USER, …: nothing a path check needs
                }
            }
        }
        List<String> command = new ArrayList<>(entrypoint);
        command.addAll(cmd);
        return new RuntimeDockerfile(base, Map.copyOf(labels), Map.copyOf(env), workdir, List.copyOf(command),
                java.util.Collections.unmodifiableMap(files), Set.copyOf(trees), Set.copyOf(run));
    }

    private static void copy(Path context, String rest, String workdir, Map<String, Path> files, Set<String> trees,
            java.util.function.Predicate<String> built) {
        List<String> words = new ArrayList<>(List.of(rest.trim().split("\\s+")));
        boolean fromElsewhere = false;
        while (words.getFirst().startsWith("--")) {
            fromElsewhere |= words.removeFirst().startsWith("--from=");
        }
        String dest = words.removeLast();
        boolean intoDir = dest.endsWith("/") || words.size() > 1;
        String target = resolve(workdir, dest);
        if (fromElsewhere) {
            trees.add(target);
            return;
        }
        for (String source : words) {
            Path from = context.resolve(source).normalize();
            if (Files.isDirectory(from)) {
                try (Stream<Path> walk = Files.walk(from)) {
                    walk.filter(Files::isRegularFile)
                            .forEach(f -> files.put(target + "/" + from.relativize(f).toString().replace('\\', '/'), f));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (Files.isRegularFile(from) || built.test(source)) {
                // a file the build makes has no source to read yet
                files.put(intoDir ? target + "/" + from.getFileName() : target, Files.isRegularFile(from) ? from : null);
            } else {
                throw new IllegalStateException("COPY " + source + ": not in the build context " + context);
            }
        }
    }

    /** Instructions with continuation lines joined and comments dropped: {keyword, arguments}. */
    private static List<String[]> instructions(Path dockerfile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dockerfile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String[]> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || trimmed.isEmpty() && current.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().trim();
            current.setLength(0);
            if (!text.isEmpty()) {
                String[] split = text.split("\\s+", 2);
                instructions.add(new String[] {split[0].toUpperCase(java.util.Locale.ROOT),
                        split.length > 1 ? split[1] : ""});
            }
        }
        return instructions;
    }

    private static List<String> execForm(String rest) {
        return JsonMapper.builder().build().readValue(rest.trim(), new TypeReference<List<String>>() { });
    }

    private static String substitute(String text, Map<String, String> args) {
        String out = text;
        for (Map.Entry<String, String> arg : args.entrySet()) {
            out = out.replace("${" + arg.getKey() + "}", arg.getValue()).replace("$" + arg.getKey(), arg.getValue());
        }
        return out;
    }

    private static String resolve(String workdir, String path) {
        String joined = path.startsWith("/") ? path : workdir + "/" + path;
        return Path.of(joined).normalize().toString().replace('\\', '/');
    }
}
