package dev.berth.registry.fuzz;

/**
 * A request on every endpoint that names a repository, for a name written into the path as it
 * comes (already encoded). Each uses content of the {@link Seed} so that it would succeed on a
 * repository holding it.
 */
enum NamedEndpoint {
    TAGS("GET", "/tags/list"),
    MANIFEST_GET("GET", "/manifests/v1"),
    MANIFEST_HEAD("HEAD", "/manifests/v1"),
    MANIFEST_PUT("PUT", "/manifests/fuzz"),
    MANIFEST_DELETE("DELETE", "/manifests/" + Digests.sha256(new byte[] {1})),
    BLOB_GET("GET", "/blobs/" + Seed.LAYER_DIGEST),
    BLOB_HEAD("HEAD", "/blobs/" + Seed.LAYER_DIGEST),
    BLOB_DELETE("DELETE", "/blobs/" + Digests.sha256(new byte[] {1})),
    UPLOAD_START("POST", "/blobs/uploads/"),
    UPLOAD_WHOLE("POST", "/blobs/uploads/?digest=" + Seed.CONFIG_DIGEST),
    UPLOAD_MOUNT("POST", "/blobs/uploads/?mount=" + Seed.LAYER_DIGEST + "&from=" + Seed.REPOSITORY),
    UPLOAD_STATUS("GET", "/blobs/uploads/3f1c9a52-8d2e-4b7a-9c1f-0e6d5b4a3c21"),
    REFERRERS("GET", "/referrers/" + Seed.MANIFEST_DIGEST);

    private final String method;
    private final String suffix;

    NamedEndpoint(String method, String suffix) {
        this.method = method;
        this.suffix = suffix;
    }

    Request request(String encodedName) {
        Request request = Request.of(method, "/v2/" + encodedName + suffix);
        return switch (this) {
            case MANIFEST_PUT -> request.header("Content-Type", Seed.OCI_MANIFEST).body(Seed.MANIFEST);
            case UPLOAD_WHOLE -> request.header("Content-Type", "application/octet-stream").body(Seed.CONFIG);
            case UPLOAD_START, UPLOAD_MOUNT -> request.body(new byte[0]);
            default -> request;
        };
    }

    boolean writes() {
        return !method.equals("GET") && !method.equals("HEAD");
    }
}
