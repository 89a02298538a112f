package dev.berth.registry.mirror.upstream;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import java.io.Closeable;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A client of one upstream registry's pull API, one small class per call. Every call is bounded: a
 * connect timeout, a read timeout on each wait for bytes, a request timeout on whole replies,
 * bounded bodies (manifests at most 4 MiB), headers, JSON and redirects. It answers the upstream's
 * challenge itself: Docker token authentication (a token per repository scope from the realm, with
 * the credentials over basic auth or anonymously, cached until shortly before it expires) or basic
 * auth. Redirects to another origin go without credentials. Failures are typed
 * {@link UpstreamException}s. Safe for concurrent use; connections are pooled until {@link #close()}.
 *
 * <pre>{@code
 * try (UpstreamClient hub = UpstreamClient.of(Upstream.of("docker.io", URI.create("https://registry-1.docker.io")))) {
 *     UpstreamManifest index = hub.getManifest(new RepositoryName("alpine"), new Tag("latest")); // library/alpine
 * }
 * }</pre>
 *
 * <p>Repository names are given as clients name them below the upstream: on Docker Hub
 * ({@code docker.io}) a one-component name such as {@code alpine} is {@code library/alpine}.
 */
public final class UpstreamClient implements Closeable {
    private final UpstreamProperties.Upstream upstream;
    private final Transport transport;
    private final PingCommand ping;
    private final ManifestHeadCommand manifestHead;
    private final ManifestGetCommand manifestGet;
    private final BlobGetCommand blobGet;
    private final TagsListCommand tagsList;

    private UpstreamClient(UpstreamProperties.Upstream upstream) {
        this.upstream = upstream;
        this.transport = new Transport(upstream);
        RegistryCalls calls = new RegistryCalls(transport, new Authenticator(upstream, new TokenCommand(transport)));
        this.ping = new PingCommand(calls);
        this.manifestHead = new ManifestHeadCommand(calls);
        this.manifestGet = new ManifestGetCommand(calls);
        this.blobGet = new BlobGetCommand(calls);
        this.tagsList = new TagsListCommand(calls);
    }

    public static UpstreamClient of(UpstreamProperties.Upstream upstream) {
        return new UpstreamClient(Objects.requireNonNull(upstream, "upstream"));
    }

    public UpstreamProperties.Upstream upstream() {
        return upstream;
    }

    /** The repository's name at the upstream: Docker Hub's one-component names get {@code library/}. */
    public String remoteName(RepositoryName repository) {
        String name = repository.value();
        return upstream.isDockerHub() && name.indexOf('/') < 0 ? "library/" + name : name;
    }

    /** {@code GET /v2/}: the challenge the upstream asks to be answered (answered here), or empty for an open registry. */
    public Optional<AuthChallenge> ping() throws UpstreamException {
        return ping.ping();
    }

    /**
     * What a tag or digest points at now, by {@code HEAD}; from a {@code GET} when the upstream's HEAD
     * does not say the digest, a served media type and the length.
     */
    public ManifestDescriptor headManifest(RepositoryName repository, Reference reference) throws UpstreamException {
        String remote = remoteName(repository);
        Optional<ManifestDescriptor> described = manifestHead.head(remote, reference);
        return described.isPresent() ? described.get() : manifestGet.get(remote, reference).descriptor();
    }

    /** A manifest or index, its bytes checked against the digest asked for and the one the upstream declared. */
    public UpstreamManifest getManifest(RepositoryName repository, Reference reference) throws UpstreamException {
        return manifestGet.get(remoteName(repository), reference);
    }

    /** A whole blob, streamed and checked against its digest at the end. The caller closes it. */
    public UpstreamBlob getBlob(RepositoryName repository, Digest digest) throws UpstreamException {
        return blobGet.get(remoteName(repository), digest, null);
    }

    /**
     * Part of a blob, streamed (not checked: a part cannot be). An upstream that ignores ranges sends
     * the whole blob: then {@link UpstreamBlob#isPartial()} is false and the stream is checked.
     */
    public UpstreamBlob getBlob(RepositoryName repository, Digest digest, BlobRange range) throws UpstreamException {
        return blobGet.get(remoteName(repository), digest, Objects.requireNonNull(range, "range"));
    }

    /** At most {@code n} tags after {@code last}, and the {@code last} of the next page if there is one. */
    public TagPage listTags(RepositoryName repository, int n, Optional<String> last) throws UpstreamException {
        if (n < 1 || n > 10_000) {
            throw new IllegalArgumentException("ask for 1 to 10000 tags a page: " + n);
        }
        return tagsList.list(remoteName(repository), n, Objects.requireNonNull(last, "last"));
    }

    @Override
    public void close() throws IOException {
        transport.close();
    }

    @Override
    public String toString() {
        return "UpstreamClient[" + upstream.name() + " at " + upstream.url() + "]";
    }
}
