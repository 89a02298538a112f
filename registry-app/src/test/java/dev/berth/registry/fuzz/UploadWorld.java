package dev.berth.registry.fuzz;

import dev.berth.registry.fuzz.Violation.Invariant;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The model of one upload sequence: two repositories of its own, the uploads open in them with the
 * bytes each has taken, and the blobs each repository shows. After every step the registry must
 * agree with it about what it touched: a blob is visible only where an upload of it completed
 * under its digest (or a mount brought it), and the bytes served hash to that digest.
 */
final class UploadWorld {
    private static final AtomicInteger SEQUENCES = new AtomicInteger();

    /** An upload the registry accepted and not yet completed or cancelled. */
    static final class Open {
        final String repository;
        final byte[] content;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        String location;

        Open(String repository, String location, byte[] content) {
            this.repository = repository;
            this.location = location;
            this.content = content;
        }

        @Override
        public String toString() {
            return location + " (" + received.size() + " of " + content.length + " bytes)";
        }
    }

    final FuzzTarget target;
    final List<String> repositories;
    final List<Open> uploads = new ArrayList<>();
    private final Map<String, Map<String, byte[]>> visible = new HashMap<>();
    /** Every digest the sequence has named: what was pushed, what was claimed, what was only partly sent. */
    final Set<String> named = new LinkedHashSet<>();
    private final Set<String> touched = new LinkedHashSet<>();
    private final Set<Open> touchedUploads = new LinkedHashSet<>();

    UploadWorld(FuzzTarget target) {
        this.target = target;
        int sequence = SEQUENCES.incrementAndGet();
        this.repositories = List.of("fz/up/s" + sequence + "/a", "fz/up/s" + sequence + "/b");
    }

    Optional<byte[]> blob(String repository, String digest) {
        return Optional.ofNullable(visible.getOrDefault(repository, Map.of()).get(digest));
    }

    void nowVisible(String repository, String digest, byte[] content) {
        visible.computeIfAbsent(repository, r -> new HashMap<>()).put(digest, content);
        touch(digest);
    }

    void gone(String repository, String digest) {
        visible.getOrDefault(repository, new HashMap<>()).remove(digest);
        touch(digest);
    }

    boolean anywhere(String digest) {
        return visible.values().stream().anyMatch(blobs -> blobs.containsKey(digest));
    }

    /** Marks a digest as named in this step, to be checked after it (a malformed one names nothing). */
    void touch(String digest) {
        if (RequestProperties.VALID_DIGEST.matcher(digest).matches()) {
            named.add(digest);
            touched.add(digest);
        }
    }

    void touch(Open upload) {
        touchedUploads.add(upload);
    }

    void forget(Open upload) {
        uploads.remove(upload);
        touchedUploads.remove(upload);
    }

    /** The check after each step: every digest and upload the step touched, in both repositories. */
    void checkTouched() {
        for (String digest : touched) {
            for (String repository : repositories) {
                checkBlob(repository, digest);
            }
        }
        for (Open upload : touchedUploads) {
            checkUpload(upload);
        }
        touched.clear();
        touchedUploads.clear();
    }

    /** The check at the end of a sequence: every digest it ever named, in both repositories. */
    void checkEverything() {
        for (String digest : named) {
            for (String repository : repositories) {
                checkBlob(repository, digest);
            }
        }
    }

    private void checkBlob(String repository, String digest) {
        String path = "/v2/" + repository + "/blobs/" + digest;
        Optional<byte[]> expected = blob(repository, digest);
        Exchange head = target.send(Request.of("HEAD", path));
        if (expected.isEmpty()) {
            violation(head.status() == 404, head, "a blob no upload completed is visible");
            if (head.status() == 200) {
                Exchange get = target.send(Request.of("GET", path));
                violation(get.status() != 200 || Digests.sha256(get.body()).equals(digest) || Digests.sha512(get.body()).equals(digest), get,
                        "a blob no upload completed is served, and its bytes do not hash to its digest");
            }
            return;
        }
        target.expect(head.status() == 200 && head.header("Content-Length").filter(String.valueOf(expected.get().length)::equals).isPresent()
                && head.header("Docker-Content-Digest").filter(digest::equals).isPresent(), head, "a completed blob's HEAD is wrong");
        Exchange get = target.send(Request.of("GET", path));
        boolean hashes = Digests.sha256(get.body()).equals(digest) || Digests.sha512(get.body()).equals(digest);
        violation(get.status() == 200 && hashes, get, "a completed blob is not served with bytes that hash to its digest");
    }

    private void checkUpload(Open upload) {
        Exchange status = target.send(Request.of("GET", upload.location));
        if (status.status() == 404) {
            forget(upload); // the registry may give up an upload after a refused request
            return;
        }
        target.expect(status.status() == 204 && rangeMatches(status, upload.received.size()), status,
                "an upload's status disagrees with the bytes it took (" + upload.received.size() + ")");
    }

    /** Whether a {@code Range} header reports {@code size} bytes received ({@code 0-0} is allowed for none). */
    static boolean rangeMatches(Exchange exchange, int size) {
        String range = exchange.header("Range").orElse("");
        return range.equals("0-" + (size - 1)) || size == 0 && range.equals("0-0");
    }

    private void violation(boolean holds, Exchange exchange, String what) {
        if (!holds) {
            target.registry().report(exchange, Violation.of(Invariant.ONLY_VERIFIED_BLOBS, what, what));
        }
    }

    @Override
    public String toString() {
        return "uploads " + uploads + ", blobs " + visible.keySet();
    }
}
