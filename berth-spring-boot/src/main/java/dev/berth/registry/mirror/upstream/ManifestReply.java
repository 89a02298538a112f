package dev.berth.registry.mirror.upstream;

import dev.berth.registry.mirror.upstream.UpstreamInvalidResponseException.Reason;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hc.core5.http.HttpHeaders;

/** What manifest HEADs and GETs read from a reply: the media type and the declared digest. */
final class ManifestReply {
    static final String DOCKER_CONTENT_DIGEST = "Docker-Content-Digest";
    /** The manifest and index types the mirror serves, and therefore asks for (indexes first, as clients do). */
    static final List<MediaType> SERVED = List.of(MediaType.OCI_INDEX, MediaType.OCI_MANIFEST,
            MediaType.DOCKER_MANIFEST_LIST, MediaType.DOCKER_MANIFEST);
    static final String ACCEPT = String.join(", ", SERVED.stream().map(MediaType::value).toList());
    private static final Set<MediaType> SERVED_SET = Set.copyOf(SERVED);

    private ManifestReply() {}

    static boolean isServed(MediaType type) {
        return SERVED_SET.contains(type);
    }

    /** The media type of {@code Content-Type}, when it is one the mirror serves. */
    static Optional<MediaType> servedContentType(Response response) {
        return response.header(HttpHeaders.CONTENT_TYPE).flatMap(ManifestReply::mediaType).filter(ManifestReply::isServed);
    }

    /** The {@code Docker-Content-Digest} header; one that is not a digest is a malformed reply. */
    static Optional<Digest> declaredDigest(Transport transport, String call, Response response) throws UpstreamException {
        Optional<String> header = response.header(DOCKER_CONTENT_DIGEST);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Digest.parse(header.get()));
        } catch (RuntimeException e) {
            throw transport.invalid(call, Reason.MALFORMED, "a Docker-Content-Digest that is not a digest");
        }
    }

    static Optional<MediaType> mediaType(String value) {
        try {
            return Optional.of(MediaType.ofHeader(value));
        } catch (RuntimeException notAMediaType) {
            return Optional.empty();
        }
    }
}
