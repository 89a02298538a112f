package dev.berth.registry.naming;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import java.util.Set;
import java.util.regex.Pattern;

/** A media type without parameters, such as {@code application/vnd.oci.image.manifest.v1+json}. */
public record MediaType(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

    public static final MediaType OCI_MANIFEST = new MediaType("application/vnd.oci.image.manifest.v1+json");
    public static final MediaType OCI_INDEX = new MediaType("application/vnd.oci.image.index.v1+json");
    public static final MediaType DOCKER_MANIFEST = new MediaType("application/vnd.docker.distribution.manifest.v2+json");
    public static final MediaType DOCKER_MANIFEST_LIST = new MediaType("application/vnd.docker.distribution.manifest.list.v2+json");

    /** What this registry takes and serves as a manifest: the formats it reads (and vouches for as a Content-Type). */
    private static final Set<MediaType> MANIFESTS = Set.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

    /** Layers that registries may be unable to hold, so a manifest may name them without them being pushed. */
    private static final Set<String> NON_DISTRIBUTABLE = Set.of(
            "application/vnd.oci.image.layer.nondistributable.v1.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
            "application/vnd.docker.image.rootfs.foreign.diff.tar",
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");

    public MediaType {
        if (value == null || !VALID.matcher(value).matches()) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "not a media type", value);
        }
    }

    /** The media type of a Content-Type header value, its parameters dropped. */
    public static MediaType ofHeader(String header) {
        int semicolon = header.indexOf(';');
        return new MediaType((semicolon < 0 ? header : header.substring(0, semicolon)).trim());
    }

    /** Whether this is a manifest format the registry reads: OCI image manifest or index, Docker manifest or manifest list. */
    public boolean isManifest() {
        return MANIFESTS.contains(this);
    }

    public boolean isIndex() {
        return equals(OCI_INDEX) || equals(DOCKER_MANIFEST_LIST);
    }

    public boolean isNonDistributable() {
        return NON_DISTRIBUTABLE.contains(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
