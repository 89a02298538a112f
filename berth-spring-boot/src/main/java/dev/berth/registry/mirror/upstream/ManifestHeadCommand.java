package dev.berth.registry.mirror.upstream;

import dev.berth.registry.mirror.upstream.UpstreamInvalidResponseException.Reason;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.Reference;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code HEAD /v2/<name>/manifests/<reference>}: what a tag points at now, without a body (Docker
 * Hub does not count HEADs against its pull limit). Registries that leave out the digest, the
 * media type or the length on a HEAD answer {@code Optional.empty()}, and the caller GETs instead.
 */
final class ManifestHeadCommand {
    private final RegistryCalls calls;

    ManifestHeadCommand(RegistryCalls calls) {
        this.calls = calls;
    }

    Optional<ManifestDescriptor> head(String remoteName, Reference reference) throws UpstreamException {
        String call = "manifest HEAD " + remoteName + (reference instanceof Digest ? "@" : ":") + reference;
        Transport transport = calls.transport();
        try (Deadline deadline = calls.deadline();
             Response response = calls.open(call, "HEAD", "/v2/" + remoteName + "/manifests/" + reference,
                     Map.of("Accept", ManifestReply.ACCEPT), RegistryCalls.pullScope(remoteName), Set.of(200), deadline)) {
            Optional<Digest> declared = ManifestReply.declaredDigest(transport, call, response);
            if (reference instanceof Digest asked && declared.isPresent() && !declared.get().equals(asked)) {
                throw transport.invalid(call, Reason.DIGEST_MISMATCH, "asked for " + asked + ", told " + declared.get());
            }
            long size = response.headerLength();
            if (size > ManifestGetCommand.MAX_MANIFEST_BYTES) {
                throw transport.invalid(call, Reason.TOO_LARGE, "a manifest of " + size + " bytes is over the limit of "
                        + ManifestGetCommand.MAX_MANIFEST_BYTES);
            }
            Optional<Digest> digest = reference instanceof Digest asked ? Optional.of(asked) : declared;
            Optional<MediaType> mediaType = ManifestReply.servedContentType(response);
            if (digest.isEmpty() || mediaType.isEmpty() || size < 0) {
                return Optional.empty();
            }
            return Optional.of(new ManifestDescriptor(digest.get(), mediaType.get(), size));
        }
    }
}
