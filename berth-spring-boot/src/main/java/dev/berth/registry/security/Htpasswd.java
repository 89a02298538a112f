package dev.berth.registry.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The users of an htpasswd file: {@code name:hash} a line, the hash bcrypt as {@code htpasswd -B}
 * writes it ({@code $2y$}) or as other tools do ({@code $2a$}, {@code $2b$}). Blank lines and
 * {@code #} comments are skipped; anything else that is not such a line stops the registry at
 * startup with the file and line named, rather than locking a user out silently.
 */
public record Htpasswd(Map<String, String> users) {
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    public Htpasswd {
        users = Map.copyOf(users);
    }

    public static Htpasswd read(Path file) {
        try {
            return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the htpasswd file " + file, e);
        }
    }

    static Htpasswd parse(String source, List<String> lines) {
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(where + ": expected name:bcrypt-hash");
            }
            String name = line.substring(0, colon);
            String hash = line.substring(colon + 1);
            if (!BCRYPT.matcher(hash).matches()) {
                throw new IllegalArgumentException(where + ": the password of '" + name
                        + "' is not a bcrypt hash; write it with htpasswd -B");
            }
            if (users.putIfAbsent(name, hash) != null) {
                throw new IllegalArgumentException(where + ": '" + name + "' is listed twice");
            }
        }
        return new Htpasswd(users);
    }

    public Optional<String> hashOf(String name) {
        return Optional.ofNullable(users.get(name));
    }
}
