package dev.berth.registry.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where violations go. Each distinct failure (invariant, what went wrong, method, endpoint, status)
 * is written once, with its first request and response and a count, to
 * {@code target/fuzz-findings/<suite>.md}. A violation fails the property at once, unless
 * {@code -Dberth.fuzz.keepGoing=true} asks to survey every failure in one run: then the suite
 * fails at its end, listing them.
 */
final class Findings {
    static final boolean KEEP_GOING = Boolean.getBoolean("berth.fuzz.keepGoing");
    private static final Path FOLDER = Path.of("target", "fuzz-findings");
    private static final Pattern ENDPOINT = Pattern.compile(
            "/v2/.+/(tags/list|manifests/[^/]*|blobs/uploads/[^/]*|blobs/[^/]*|referrers/[^/]*)");
    private static volatile String currentProperty = "?";

    private final String suite;
    private final Map<String, Finding> findings = new LinkedHashMap<>();

    private record Finding(String property, Violation violation, Exchange example, int count) {
        Finding counted() {
            return new Finding(property, violation, example, count + 1);
        }
    }

    Findings(String suite) {
        this.suite = suite;
    }

    /** Names the property running now, for the report. */
    static void running(String property) {
        currentProperty = property;
    }

    /** Records the violations of one exchange; fails unless surveying. */
    synchronized void report(Exchange exchange, List<Violation> violations) {
        if (violations.isEmpty()) {
            return;
        }
        boolean fresh = false;
        for (Violation violation : violations) {
            String key = violation.invariant() + " | " + violation.kind() + " | " + exchange.request().method() + " "
                    + endpoint(exchange.request().path()) + " | " + exchange.status();
            Finding known = findings.get(key);
            fresh |= known == null;
            findings.put(key, known == null ? new Finding(currentProperty, violation, exchange, 1) : known.counted());
        }
        if (fresh) {
            write();
        }
        if (!KEEP_GOING) {
            throw new AssertionError(message(violations, exchange));
        }
    }

    /** At the end of a survey: fails when anything was found. */
    synchronized void assertNoneFound() {
        write();
        if (!findings.isEmpty()) {
            throw new AssertionError(findings.size() + " distinct failures, listed in " + file().toAbsolutePath() + ":\n  "
                    + String.join("\n  ", findings.keySet()));
        }
    }

    static String message(List<Violation> violations, Exchange exchange) {
        StringBuilder text = new StringBuilder();
        violations.forEach(v -> text.append(v).append('\n'));
        return text.append(exchange).toString();
    }

    /** The endpoint a path names, as a template such as {@code /v2/{name}/blobs/{digest}}, for grouping. */
    static String endpoint(String path) {
        if (path.equals("/v2") || path.equals("/v2/") || path.equals("/v2/_catalog")) {
            return path;
        }
        Matcher matcher = ENDPOINT.matcher(path);
        if (!matcher.matches()) {
            return path.startsWith("/v2/") ? "/v2/(other)" : "(outside /v2)";
        }
        String suffix = matcher.group(1);
        String kind = suffix.startsWith("blobs/uploads/") ? (suffix.equals("blobs/uploads/") ? "blobs/uploads/" : "blobs/uploads/{id}")
                : suffix.substring(0, suffix.indexOf('/') + 1) + (suffix.startsWith("tags") ? "list" : "{ref}");
        return "/v2/{name}/" + kind;
    }

    private Path file() {
        return FOLDER.resolve(suite + ".md");
    }

    private void write() {
        StringBuilder text = new StringBuilder("# Fuzzing findings: ").append(suite).append("\n\n")
                .append(findings.size()).append(" distinct failures (invariant, what, request, status), grouped:\n\n")
                .append("| invariant | what | status | requests | seen |\n| --- | --- | --- | --- | --- |\n");
        Map<String, List<Finding>> groups = new java.util.TreeMap<>();
        findings.values().forEach(f -> groups.computeIfAbsent(f.violation().invariant() + " | " + f.violation().kind() + " | " + f.example().status(),
                k -> new java.util.ArrayList<>()).add(f));
        groups.forEach((group, members) -> text.append("| ").append(group.replace("|", "\\|").replace(" \\| ", " | ")).append(" | ")
                .append(members.stream().map(f -> f.example().request().method() + " " + endpoint(f.example().request().path())).distinct()
                        .collect(java.util.stream.Collectors.joining(", ")).replace("|", "\\|"))
                .append(" | ").append(members.stream().mapToInt(Finding::count).sum()).append(" |\n"));
        findings.forEach((key, finding) -> text.append("\n## ").append(key).append(" (seen ").append(finding.count()).append("×)\n\n")
                .append("Property: ").append(finding.property()).append("  \n")
                .append(finding.violation()).append("\n\n```\n").append(finding.example()).append("\n```\n"));
        try {
            Files.createDirectories(FOLDER);
            Files.writeString(file(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
