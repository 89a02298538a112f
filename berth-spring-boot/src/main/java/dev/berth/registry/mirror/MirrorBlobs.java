package dev.berth.registry.mirror;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.mirror.MirrorMetrics.Content;
import dev.berth.registry.mirror.cache.BlobFlight;
import dev.berth.registry.mirror.cache.FetchedBlob;
import dev.berth.registry.mirror.upstream.UpstreamBlob;
import dev.berth.registry.mirror.upstream.UpstreamException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.BlobInfo;
import dev.berth.registry.repository.Blobs;
import dev.berth.registry.repository.ByteRange;
import dev.berth.registry.repository.RangeRequest;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blobs of one mirrored repository: from the cache; else from a tree of the mirror group,
 * kept by its CID once verified; else from the upstream, through the one fetch of that blob in
 * progress ({@link BlobFlight}), streamed to the client while it is stored. A range, or a blob whose
 * upstream declares no length, is served from the cache once the fetch has stored it. The
 * repository name the HTTP layer passes is the client's; the cache's is the target's.
 */
final class MirrorBlobs implements Blobs {
    private static final Logger log = LoggerFactory.getLogger(MirrorBlobs.class);
    private static final int WRITE_BUFFER = 256 * 1024;

    private final Mirror mirror;
    private final MirrorTarget target;

    MirrorBlobs(Mirror mirror, MirrorTarget target) {
        this.mirror = mirror;
        this.target = target;
    }

    /**
     * What the cache holds, once a fetch of the blob in progress has stored it (a client may have the
     * blob before the cache does); asking is never a reason to fetch.
     */
    @Override
    public Optional<BlobInfo> stat(RepositoryName asked, Digest digest) {
        mirror.flights().current(target.cache(), digest).ifPresent(flight -> {
            try {
                flight.awaitStored();
            } catch (IOException notStored) {
                // then the cache does not have it, as the look below says
            }
        });
        return mirror.cache().blobs().stat(target.cache(), digest);
    }

    @Override
    public BlobContent open(RepositoryName asked, Digest digest, Optional<RangeRequest> range) {
        RepositoryName cache = target.cache();
        Optional<BlobContent> cached = fromCache(digest, range);
        if (cached.isPresent()) {
            return cached.get();
        }
        Optional<MirrorGroup.Found<BlobContent>> peer = mirror.group().blob(cache, digest, range);
        if (peer.isPresent()) {
            mirror.listener().served(ServedFrom.PEER, Optional.empty());
            return buffered(new Adopted(peer.get().value(), peer.get().tree()));
        }
        BlobFlight flight = mirror.flights().join(cache, digest, () -> fetch(digest));
        long size = awaitSize(flight);
        mirror.metrics().fromUpstream(Content.BLOB);
        mirror.listener().served(ServedFrom.UPSTREAM, Optional.empty());
        if (size < 0 || range.isPresent()) {
            awaitStored(flight);
            return buffered(mirror.cache().blobs().open(cache, digest, range));
        }
        return new Streamed(flight, new BlobInfo(digest, size, Optional.empty()));
    }

    /** The blob from the cache, when the cache has it. */
    private Optional<BlobContent> fromCache(Digest digest, Optional<RangeRequest> range) {
        BlobContent content;
        try {
            content = mirror.cache().blobs().open(target.cache(), digest, range);
        } catch (RegistryException e) {
            if (e.code() == ErrorCode.BLOB_UNKNOWN) {
                return Optional.empty();
            }
            throw e;
        }
        mirror.metrics().hit(Content.BLOB);
        mirror.listener().served(ServedFrom.CACHE, Optional.empty());
        return Optional.of(buffered(content));
    }

    /**
     * The content, written to the client in pieces of {@link #WRITE_BUFFER}: reads from storage come
     * a few KiB at a time, and each write to the response costs a pass through its filters. What a
     * failed check holds back is dropped with the buffer, never written.
     */
    private static BlobContent buffered(BlobContent content) {
        return new BlobContent() {
            @Override
            public BlobInfo info() {
                return content.info();
            }

            @Override
            public Optional<ByteRange> range() {
                return content.range();
            }

            @Override
            public void transferTo(OutputStream out) throws IOException {
                BufferedOutputStream buffered = new BufferedOutputStream(out, WRITE_BUFFER);
                content.transferTo(buffered);
                buffered.flush();
            }
        };
    }

    /** The upstream's whole blob, counted as it is read; its stream fails at the end when the digest does not match. */
    private FetchedBlob fetch(Digest digest) throws UpstreamException {
        UpstreamBlob blob;
        try {
            blob = mirror.client(target).getBlob(target.remote(), digest);
        } catch (UpstreamException e) {
            mirror.metrics().upstreamError(e);
            throw e;
        }
        String upstream = target.upstream().name();
        return new FetchedBlob(blob.length(), new FilterInputStream(blob.stream()) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                try {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        mirror.metrics().upstreamBytes(upstream, n);
                    }
                    return n;
                } catch (UpstreamException e) {
                    mirror.metrics().upstreamError(e);
                    throw e;
                }
            }
        }, blob);
    }

    private long awaitSize(BlobFlight flight) {
        try {
            return flight.awaitSize();
        } catch (UpstreamException e) {
            throw UpstreamFailures.toClient(e, ErrorCode.BLOB_UNKNOWN, target, flight.digest().toString());
        } catch (IOException e) {
            throw unavailable(flight.digest(), e);
        }
    }

    private void awaitStored(BlobFlight flight) {
        try {
            flight.awaitStored();
        } catch (UpstreamException e) {
            throw UpstreamFailures.toClient(e, ErrorCode.BLOB_UNKNOWN, target, flight.digest().toString());
        } catch (IOException e) {
            throw unavailable(flight.digest(), e);
        }
    }

    private RegistryException unavailable(Digest digest, IOException e) {
        return RegistryException.of(ErrorCode.UNAVAILABLE, "the mirror could not fetch " + digest + ": " + e.getMessage(),
                digest.toString()).causedBy(e);
    }

    /** A blob arriving from the upstream, streamed from its fetch (or, when the fetch is over, from the cache). */
    private final class Streamed implements BlobContent {
        private final BlobFlight flight;
        private final BlobInfo info;

        Streamed(BlobFlight flight, BlobInfo info) {
            this.flight = flight;
            this.info = info;
        }

        @Override
        public BlobInfo info() {
            return info;
        }

        @Override
        public Optional<ByteRange> range() {
            return Optional.empty();
        }

        @Override
        public void transferTo(OutputStream out) throws IOException {
            if (!flight.streamTo(out)) {
                awaitStored(flight);
                buffered(mirror.cache().blobs().open(target.cache(), info.digest(), Optional.empty())).transferTo(out);
            }
        }
    }

    /** A blob of a group tree, verified as it streams, then kept in the cache by its CID (no bytes copied). */
    private final class Adopted implements BlobContent {
        private final BlobContent peer;
        private final String tree;

        Adopted(BlobContent peer, String tree) {
            this.peer = peer;
            this.tree = tree;
        }

        @Override
        public BlobInfo info() {
            return peer.info();
        }

        @Override
        public Optional<ByteRange> range() {
            return peer.range();
        }

        @Override
        public void transferTo(OutputStream out) throws IOException {
            Optional<String> cid = peer.info().contentId();
            MirrorGroup.Prefetching prefetch = cid.map(mirror.group()::prefetch).orElse(() -> { });
            try {
                peer.transferTo(out); // hashed whole, even for a range, and failing before its end when corrupt
                Digest digest = peer.info().digest();
                mirror.metrics().fromPeer(Content.BLOB, peer.info().size());
                try {
                    cid.ifPresent(contentId -> mirror.writer().adoptBlob(target.cache(), digest, contentId));
                } catch (RuntimeException e) {
                    log.warn("Could not keep {} from the group tree {}: {}", digest, tree, e.toString());
                }
            } finally {
                prefetch.done();
            }
        }
    }
}
