package dev.berth.registry.store;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.Fact;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.metrics.RegistryMetrics.Mismatch;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.oci.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.ObjectMapper;

/**
 * A pushed manifest as every repository kind that stores one takes it: within the size limit, hashing
 * to the digest it was pushed by, read strictly as a format the registry serves; with the tags it is
 * to be given (the pushed tag first). One place, so that no kind takes what another refuses.
 *
 * @param digest the manifest's digest
 * @param manifest what it says
 * @param tags the tags to point at it
 */
public record ManifestPush(Digest digest, Manifest manifest, List<Tag> tags) {
    public ManifestPush {
        tags = List.copyOf(tags);
    }

    public static ManifestPush read(DigestCheck check, ObjectMapper json, RepositoryName repository, Reference reference,
                                    Optional<MediaType> contentType, byte[] content, List<Tag> extraTags) {
        if (content.length > Manifest.MAX_SIZE) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "a manifest may have at most " + Manifest.MAX_SIZE + " bytes")
                    .with(new Fact.TooLarge(Manifest.MAX_SIZE));
        }
        Digest digest = switch (reference) {
            case Digest expected -> {
                check.require(Mismatch.MANIFEST_PUSH, expected, Digest.of(expected.algorithm(), content), repository.value());
                yield expected;
            }
            case Tag tag -> Digest.of(DigestAlgorithm.SHA256, content);
        };
        Manifest manifest = Manifest.parsePushed(json, content, contentType);
        List<Tag> pointed = new ArrayList<>(extraTags);
        if (reference instanceof Tag tag) {
            pointed.addFirst(tag);
        }
        return new ManifestPush(digest, manifest, pointed);
    }

    /** What garbage collection must keep while the manifest is being linked: itself and what it names. */
    public List<Digest> references() {
        return Stream.concat(Stream.of(digest), manifest.references().stream()).toList();
    }
}
