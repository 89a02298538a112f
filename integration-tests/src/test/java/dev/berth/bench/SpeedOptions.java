package dev.berth.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@code ./berth bench speed}: {@code [--rounds N] [--quick] [--only SCENARIO,...]
 * [--jar PATH] [--out DIR] [--note TEXT]}. A quick run writes under integration-tests/target unless
 * {@code --out} says otherwise, so that it never replaces the committed figures.
 */
record SpeedOptions(int rounds, boolean quick, List<String> only, Optional<Path> jar, Path out, String note, List<String> arguments) {
    static final List<String> SCENARIOS = List.of("crane-big", "crane-small", "concurrent", "docker-big", "docker-small",
            "head", "range", "kubo-calls", "monolithic", "cross-node");

    SpeedOptions {
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1");
        }
        for (String wanted : only) {
            if (SCENARIOS.stream().noneMatch(id -> id.equals(wanted) || id.startsWith(wanted + "-"))) {
                throw new IllegalArgumentException("no scenario " + wanted + "; scenarios: " + String.join(", ", SCENARIOS));
            }
        }
        only = List.copyOf(only);
        arguments = List.copyOf(arguments);
    }

    static SpeedOptions parse(String... args) {
        int rounds = 3;
        boolean quick = false;
        List<String> only = new ArrayList<>();
        Path jar = null;
        Path out = null;
        String note = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
                case "--quick" -> quick = true;
                case "--only" -> only.addAll(List.of(value(args, ++i).split(",")));
                case "--jar" -> jar = Path.of(value(args, ++i)).toAbsolutePath();
                case "--out" -> out = Path.of(value(args, ++i));
                case "--note" -> note = value(args, ++i);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: speed [--rounds N] [--quick] [--only SCENARIO,...] [--jar PATH] [--out DIR] [--note TEXT]");
            }
        }
        if (jar != null && !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no jar at " + jar);
        }
        Path defaultOut = quick ? Path.of("integration-tests/target/benchmarks") : Path.of("docs/benchmarks");
        return new SpeedOptions(rounds, quick, only, Optional.ofNullable(jar), out == null ? defaultOut : out, note, List.of(args));
    }

    /** Whether a scenario runs: every one without --only, else those named or under a named prefix (crane, docker). */
    boolean selected(String scenario) {
        return only.isEmpty() || only.stream().anyMatch(wanted -> scenario.equals(wanted) || scenario.startsWith(wanted + "-"));
    }

    Workload workload() {
        return quick ? Workload.quick() : Workload.full();
    }

    /** The command that reproduces the run, without the note. */
    String command() {
        StringBuilder command = new StringBuilder("./berth bench speed");
        for (int i = 0; i < arguments.size(); i++) {
            if (arguments.get(i).equals("--note")) {
                i++;
            } else {
                command.append(' ').append(arguments.get(i));
            }
        }
        return command.toString();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
