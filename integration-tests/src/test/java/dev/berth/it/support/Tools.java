package dev.berth.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The pinned client tools, installed by scripts/install-tools.sh, and a way to run them. */
public final class Tools {
    /** The repository's root folder: the nearest folder at or above the working one holding scripts/. */
    public static final Path REPOSITORY = repositoryRoot();

    private static final ConcurrentHashMap<String, Path> INSTALLED = new ConcurrentHashMap<>();

    private Tools() {}

    /** The path of a tool's binary: crane, oras, conformance, distribution, crictl, skopeo, busybox or dnsmasq. */
    public static Path path(String tool) {
        return INSTALLED.computeIfAbsent(tool, name -> {
            Result result = run(List.of(REPOSITORY.resolve("scripts/install-tools.sh").toString(), name),
                    REPOSITORY, Duration.ofMinutes(15));
            return Path.of(result.stdout().strip());
        });
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/install-tools.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the Berth repository: " + Path.of("").toAbsolutePath());
    }

    /** A tar archive in {@code dir} holding one text file: a small real layer. */
    public static Path tarOfOneFile(Path dir, String file, String content) throws IOException {
        Path staging = Files.createDirectories(dir.resolve(file + ".layer"));
        Files.writeString(staging.resolve(file), content);
        Path tar = dir.resolve(file + ".tar");
        run(List.of("tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner",
                "-cf", tar.toString(), "-C", staging.toString(), file), dir, Duration.ofMinutes(1));
        return tar;
    }

    /** A command's output. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /** Runs a tool by name with arguments in a folder; fails unless it exits 0. */
    public static String tool(String tool, Path dir, String... args) {
        return tool(Map.of(), tool, dir, args);
    }

    /** Runs a tool by name with extra environment variables; fails unless it exits 0. */
    public static String tool(Map<String, String> environment, String tool, Path dir, String... args) {
        Result result = tryTool(environment, tool, dir, args);
        if (result.exitCode() != 0) {
            throw new AssertionError("`" + tool + " " + String.join(" ", args) + "` exited " + result.exitCode()
                    + "\nstdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr());
        }
        return result.stdout();
    }

    /** Runs a tool by name with extra environment variables and returns whatever it did. */
    public static Result tryTool(Map<String, String> environment, String tool, Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(path(tool).toString());
        command.addAll(List.of(args));
        return tryRun(command, dir, Duration.ofMinutes(5), environment);
    }

    /** Runs a command; fails with its output unless it exits 0 within the timeout. */
    public static Result run(List<String> command, Path dir, Duration timeout) {
        Result result = tryRun(command, dir, timeout);
        if (result.exitCode() != 0) {
            throw new AssertionError("`" + String.join(" ", command) + "` exited " + result.exitCode()
                    + "\nstdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr());
        }
        return result;
    }

    /** Runs a command and returns whatever it did; a timeout is a failure. */
    public static Result tryRun(List<String> command, Path dir, Duration timeout) {
        return tryRun(command, dir, timeout, Map.of());
    }

    /** Runs a command with extra environment variables and returns whatever it did; a timeout is a failure. */
    public static Result tryRun(List<String> command, Path dir, Duration timeout, Map<String, String> environment) {
        try {
            Path out = Files.createTempFile("berth-tool", ".out");
            Path err = Files.createTempFile("berth-tool", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("`" + String.join(" ", command) + "` did not finish within " + timeout
                            + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }
}
