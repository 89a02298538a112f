package dev.berth.registry.ipfs.remote;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.RepositoryName;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A repository name that points into a tree published on IPFS rather than into this registry:
 * {@code ipfs/<cid>[/<repository>]} or {@code ipns/<name>[/<repository>]}, where the name is an
 * IPNS key or a DNSLink domain. Without a repository it names the only repository of the tree.
 *
 * @param kind whether the root is a CID or a name to resolve
 * @param root the CID (CIDv1, base32), the IPNS key (base36 or base32) or the domain
 * @param repository the repository inside the tree, if named
 */
public record RemoteName(Kind kind, String root, Optional<RepositoryName> repository) {
    /** CIDv1 in base32, the only docker-safe (lowercase) form. */
    private static final Pattern CID = Pattern.compile("b[a-z2-7]{50,}");
    /** An IPNS key as a CIDv1 in base36 ({@code k51...}) or base32. */
    private static final Pattern KEY = Pattern.compile("k[0-9a-z]{50,}|b[a-z2-7]{50,}");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]+(?:-+[a-z0-9]+)*(?:\\.[a-z0-9]+(?:-+[a-z0-9]+)*)+");

    public enum Kind {
        IPFS, IPNS;

        String prefix() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public RemoteName {
        boolean valid = switch (kind) {
            case IPFS -> CID.matcher(root).matches();
            case IPNS -> KEY.matcher(root).matches() || DOMAIN.matcher(root).matches();
        };
        if (!valid) {
            throw RegistryException.of(ErrorCode.NAME_INVALID, kind == Kind.IPFS
                    ? "ipfs/ must be followed by a CIDv1 in base32 (bafy...)"
                    : "ipns/ must be followed by an IPNS key (k51...) or a DNSLink domain", root);
        }
    }

    /** Whether the name lies in the {@code ipfs/} or {@code ipns/} space that remote trees own. */
    public static boolean isReserved(RepositoryName name) {
        return name.value().startsWith("ipfs/") || name.value().startsWith("ipns/")
                || name.value().equals("ipfs") || name.value().equals("ipns");
    }

    /** The remote name a repository name spells, or empty for a repository of this registry. */
    public static Optional<RemoteName> parse(RepositoryName name) {
        if (!isReserved(name)) {
            return Optional.empty();
        }
        String[] parts = name.value().split("/", 3);
        if (parts.length < 2) {
            throw RegistryException.of(ErrorCode.NAME_INVALID, "a remote tree is named ipfs/<cid> or ipns/<name>", name.value());
        }
        Kind kind = parts[0].equals("ipfs") ? Kind.IPFS : Kind.IPNS;
        Optional<RepositoryName> inside = parts.length == 3 ? Optional.of(new RepositoryName(parts[2])) : Optional.empty();
        return Optional.of(new RemoteName(kind, parts[1], inside));
    }

    /** Whether the root is a domain whose DNSLink names the tree. */
    public boolean isDomain() {
        return kind == Kind.IPNS && root.contains(".");
    }

    /** {@code /ipfs/<cid>} or {@code /ipns/<name>}. */
    public String path() {
        return "/" + kind.prefix() + "/" + root;
    }

    @Override
    public String toString() {
        return kind.prefix() + "/" + root + repository.map(inside -> "/" + inside).orElse("");
    }
}
