package dev.berth.registry.seam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The pinned crane (scripts/install-tools.sh), run against a registry on this machine. */
final class Crane {
    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();
    private static Path binary;

    private Crane() {
    }

    /** What crane printed, and whether it succeeded. */
    record Result(int exitCode, String output) {
    }

    static String run(String... args) {
        Result result = tryRun(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("crane " + String.join(" ", args) + " exited " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    static Result tryRun(String... args) {
        List<String> command = new ArrayList<>(List.of(binary().toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    /** A tar holding one small text file, to push as a layer. */
    static Path layer(Path dir, String content) throws IOException {
        Path staging = Files.createDirectories(dir.resolve("layer"));
        Files.writeString(staging.resolve("hello.txt"), content);
        Path tar = dir.resolve("layer.tar");
        Result result = exec(List.of("tar", "-cf", tar.toString(), "-C", staging.toString(), "hello.txt"));
        if (result.exitCode() != 0) {
            throw new AssertionError(result.output());
        }
        return tar;
    }

    private static synchronized Path binary() {
        if (binary == null) {
            Result installed = exec(List.of(SCRIPTS.resolve("install-tools.sh").toString(), "crane"));
            if (installed.exitCode() != 0) {
                throw new AssertionError("could not install crane:\n" + installed.output());
            }
            String[] lines = installed.output().strip().split("\n");
            binary = Path.of(lines[lines.length - 1].strip());
        }
        return binary;
    }

    private static Result exec(List<String> command) {
        try {
            Path out = Files.createTempFile("crane", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(false)
                        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
                if (!process.waitFor(15, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
