package dev.berth.registry.ui;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The commands that pull an image, for docker, podman, nerdctl and crane, by its name and, when it has one, by its image CID. */
final class PullCommands {
    private PullCommands() {
    }

    /** One command to copy. */
    record Command(String client, String line) {
        Command {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(line, "line");
        }
    }

    /** The pull commands of {@code host/name} at the reference, then the same by {@code ipfs/<imageCid>} when given. */
    static List<Command> of(String host, RepositoryName name, Reference reference, Optional<String> imageCid) {
        List<Command> commands = new ArrayList<>(forImage(host + "/" + name.value() + suffix(reference), safeFileName(name)));
        imageCid.ifPresent(cid -> commands.addAll(forImage(host + "/ipfs/" + cid + suffix(reference), "image")
                .stream().map(command -> new Command(command.client() + " by CID", command.line())).toList()));
        return List.copyOf(commands);
    }

    private static List<Command> forImage(String image, String fileName) {
        return List.of(new Command("docker", "docker pull " + image),
                new Command("podman", "podman pull " + image),
                new Command("nerdctl", "nerdctl pull " + image),
                new Command("crane", "crane pull " + image + " " + fileName + ".tar"));
    }

    private static String suffix(Reference reference) {
        return switch (reference) {
            case Tag tag -> ":" + tag.value();
            case Digest digest -> "@" + digest;
        };
    }

    /** The last part of the name, which holds only [a-z0-9._-]: a file name no shell needs quoted. */
    private static String safeFileName(RepositoryName name) {
        return name.value().substring(name.value().lastIndexOf('/') + 1);
    }
}
