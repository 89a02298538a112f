package dev.berth.registry.http;

/** Header names and values of the distribution API that the endpoints share. */
public final class ApiHeaders {
    public static final String API_VERSION = "Docker-Distribution-API-Version";
    public static final String API_VERSION_VALUE = "registry/2.0";
    static final String CONTENT_DIGEST = "Docker-Content-Digest";
    static final String UPLOAD_UUID = "Docker-Upload-UUID";
    static final String SUBJECT = "OCI-Subject";
    /** On a push by digest, each tag the {@code tag} parameters applied. */
    static final String TAG = "OCI-Tag";
    static final String FILTERS_APPLIED = "OCI-Filters-Applied";
    public static final String JSON = "application/json";
    static final String OCTETS = "application/octet-stream";
    /** Every registry response carries {@code nosniff}: a browser must take its Content-Type as given, never guess HTML in it. */
    public static final String CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";
    public static final String NOSNIFF = "nosniff";
    /** Where IPFS serves the same bytes, {@code /ipfs/<cid>}, as IPFS gateways name it. */
    static final String IPFS_PATH = "X-Ipfs-Path";

    private ApiHeaders() {
    }
}
