package dev.berth.bench;

import dev.berth.it.support.DockerDaemon;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The machine, the versions and how busy the machine was: what a reader needs to weigh the figures. */
final class RunEnvironment {
    private final String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    private final String loadAtStart = loadAverage();
    private final List<String> lines = new ArrayList<>();
    private String loadAtEnd = "";

    RunEnvironment(Path jar, DockerDaemon docker) {
        this(jar, docker, List.of("crane", "distribution"));
    }

    /** @param tools the pinned tools the run uses besides Kubo (such as crane), whose versions it names */
    RunEnvironment(Path jar, DockerDaemon docker, List<String> tools) {
        lines.add(String.format(Locale.ROOT, "Machine: %s, %d cores, %d GiB of memory; %s, Linux %s.", cpuModel(),
                Runtime.getRuntime().availableProcessors(), memoryGiB(), osName(), System.getProperty("os.version")));
        Path absolute = jar.toAbsolutePath();
        lines.add("Berth: `" + (absolute.startsWith(Tools.REPOSITORY) ? Tools.REPOSITORY.relativize(absolute) : absolute) + "`, built "
                + modified(absolute) + ", run with `-Xmx256m` on Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vm.name") + "); the harness at " + commit() + ".");
        lines.add("Kubo " + firstLine(List.of(KuboBinary.find().toString(), "version", "--number"))
                + tools.stream().map(tool -> "; " + pinned(tool)).collect(Collectors.joining()) + (docker == null ? "" : "; dockerd " + docker.docker(Duration.ofMinutes(1), "version", "--format",
                "{{.Server.Version}}").strip() + " (storage driver " + docker.storageDriver() + ")") + ".");
    }

    void finished() {
        loadAtEnd = loadAverage();
    }

    String started() {
        return started;
    }

    List<String> lines() {
        List<String> all = new ArrayList<>(lines);
        all.add("Load average (1, 5, 15 min) at the start: " + loadAtStart + (loadAtEnd.isEmpty() ? "" : "; at the end: " + loadAtEnd) + ".");
        return all;
    }

    private static String commit() {
        Tools.Result result = Tools.tryRun(List.of("git", "describe", "--always", "--dirty"), Tools.REPOSITORY, Duration.ofSeconds(30));
        return result.exitCode() == 0 ? "commit " + result.stdout().strip() : "a folder outside git";
    }

    private static String modified(Path file) {
        try {
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                    .format(Files.getLastModifiedTime(file).toInstant().atZone(ZoneOffset.UTC));
        } catch (IOException e) {
            return "at an unknown time";
        }
    }

    /** A tool built by scripts/install-tools.sh at its pinned version, which names the binary (crane-v0.21.9). */
    private static String pinned(String tool) {
        return Tools.path(tool).getFileName().toString().replaceFirst("-v", " v");
    }

    private static String firstLine(List<String> command) {
        return Tools.run(command, Tools.REPOSITORY, Duration.ofMinutes(1)).stdout().lines().findFirst().orElse("?").strip();
    }

    /** The 1, 5 and 15 minute load averages, as "9.12, 8.40, 7.95". */
    static String loadAverage() {
        String[] fields = read("/proc/loadavg").split("\\s+");
        return fields.length >= 3 ? fields[0] + ", " + fields[1] + ", " + fields[2] : "unknown";
    }

    private static String cpuModel() {
        return read("/proc/cpuinfo").lines().filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
    }

    private static long memoryGiB() {
        return read("/proc/meminfo").lines().filter(line -> line.startsWith("MemTotal:")).findFirst()
                .map(line -> Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse(0L);
    }

    private static String osName() {
        return read("/etc/os-release").lines().filter(line -> line.startsWith("PRETTY_NAME=")).findFirst()
                .map(line -> line.substring("PRETTY_NAME=".length()).replace("\"", "")).orElse(System.getProperty("os.name"));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
