package dev.berth.registry.mirror.upstream;

import dev.berth.registry.mirror.upstream.UpstreamInvalidResponseException.Reason;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.Reference;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v2/<name>/manifests/<reference>} asking for OCI and Docker v2 manifests and indexes.
 * The body is read to at most {@link #MAX_MANIFEST_BYTES}, must be a JSON object of a served media
 * type, and must hash to the digest asked for and to {@code Docker-Content-Digest}.
 */
final class ManifestGetCommand {
    /** The largest manifest read, as registries (distribution, Berth) take at most. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private final RegistryCalls calls;

    ManifestGetCommand(RegistryCalls calls) {
        this.calls = calls;
    }

    UpstreamManifest get(String remoteName, Reference reference) throws UpstreamException {
        String call = "manifest GET " + remoteName + (reference instanceof Digest ? "@" : ":") + reference;
        Transport transport = calls.transport();
        try (Deadline deadline = calls.deadline();
             Response response = calls.open(call, "GET", "/v2/" + remoteName + "/manifests/" + reference,
                     Map.of("Accept", ManifestReply.ACCEPT), RegistryCalls.pullScope(remoteName), Set.of(200), deadline)) {
            Optional<Digest> declared = ManifestReply.declaredDigest(transport, call, response);
            Optional<MediaType> contentType = ManifestReply.servedContentType(response);
            byte[] content = transport.readBody(call, response, MAX_MANIFEST_BYTES, "manifest", deadline);
            MediaType mediaType = mediaType(transport, call, content, contentType);
            Digest digest = verifiedDigest(transport, call, content, reference, declared);
            return new UpstreamManifest(digest, mediaType, content);
        }
    }

    private static MediaType mediaType(Transport transport, String call, byte[] content, Optional<MediaType> contentType)
            throws UpstreamException {
        JsonNode root;
        try {
            root = UpstreamJson.MAPPER.readTree(content);
        } catch (JacksonException e) {
            throw transport.invalid(call, Reason.MALFORMED, "the manifest is not JSON within the bounds: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw transport.invalid(call, Reason.MALFORMED, "the manifest is not a JSON object");
        }
        Optional<MediaType> inBody = root.path("mediaType").isString()
                ? ManifestReply.mediaType(root.path("mediaType").asString()) : Optional.empty();
        if (contentType.isPresent() && inBody.isPresent() && !contentType.equals(inBody)) {
            throw transport.invalid(call, Reason.MALFORMED, "Content-Type " + contentType.get()
                    + " differs from the manifest's mediaType " + inBody.get());
        }
        return contentType.or(() -> inBody).filter(ManifestReply::isServed).orElseThrow(() ->
                transport.invalid(call, Reason.MALFORMED, "not a manifest type the mirror serves: "
                        + inBody.map(MediaType::value).orElse("none given")));
    }

    private static Digest verifiedDigest(Transport transport, String call, byte[] content, Reference reference,
                                         Optional<Digest> declared) throws UpstreamException {
        Optional<Digest> asked = reference instanceof Digest digest ? Optional.of(digest) : Optional.empty();
        for (Optional<Digest> expected : java.util.List.of(asked, declared)) {
            if (expected.isPresent() && !Digest.of(expected.get().algorithm(), content).equals(expected.get())) {
                throw transport.invalid(call, Reason.DIGEST_MISMATCH, "the manifest's bytes do not hash to "
                        + expected.get() + (expected == asked ? " (asked for)" : " (Docker-Content-Digest)"));
            }
        }
        return asked.or(() -> declared).orElseGet(() -> Digest.of(DigestAlgorithm.SHA256, content));
    }
}
