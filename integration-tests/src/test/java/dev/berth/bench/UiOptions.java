package dev.berth.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@code ./berth bench ui}: {@code [--rounds N] [--repositories N] [--jar PATH]
 * [--out DIR] [--note TEXT]}. A run with fewer repositories than the standard 1,000 only checks the
 * harness, so it writes under integration-tests/target unless {@code --out} says otherwise.
 */
record UiOptions(int rounds, int repositories, Optional<Path> jar, Path out, String note, List<String> arguments) {
    static final int STANDARD_REPOSITORIES = 1000;
    /** The most repositories the UI shows on one page ({@code berth.ui.page-size} allows no more). */
    static final int MAX_PAGE = 1000;

    UiOptions {
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1");
        }
        if (repositories < 1 || repositories > MAX_PAGE) {
            throw new IllegalArgumentException("--repositories must be between 1 and " + MAX_PAGE + ", the largest page");
        }
        arguments = List.copyOf(arguments);
    }

    static UiOptions parse(String... args) {
        int rounds = 3;
        int repositories = STANDARD_REPOSITORIES;
        Path jar = null;
        Path out = null;
        String note = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
                case "--repositories" -> repositories = Integer.parseInt(value(args, ++i));
                case "--jar" -> jar = Path.of(value(args, ++i)).toAbsolutePath();
                case "--out" -> out = Path.of(value(args, ++i));
                case "--note" -> note = value(args, ++i);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: ui [--rounds N] [--repositories N] [--jar PATH] [--out DIR] [--note TEXT]");
            }
        }
        if (jar != null && !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no jar at " + jar);
        }
        Path defaultOut = repositories == STANDARD_REPOSITORIES ? Path.of("docs/benchmarks") : Path.of("integration-tests/target/benchmarks");
        return new UiOptions(rounds, repositories, Optional.ofNullable(jar), out == null ? defaultOut : out, note, List.of(args));
    }

    /** The command that reproduces the run, without the note. */
    String command() {
        List<String> words = new ArrayList<>(List.of("./berth", "bench", "ui"));
        for (int i = 0; i < arguments.size(); i++) {
            if (arguments.get(i).equals("--note")) {
                i++;
            } else {
                words.add(arguments.get(i));
            }
        }
        return String.join(" ", words);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
