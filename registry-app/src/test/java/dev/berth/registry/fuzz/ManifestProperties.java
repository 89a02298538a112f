package dev.berth.registry.fuzz;

import dev.berth.registry.fuzz.ManifestCase.Expected;
import dev.berth.registry.fuzz.property.Gen;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Manifests of every shape ({@link ManifestCases}) pushed by tag or by digest: a valid one is taken
 * and served back byte for byte under its digest; an invalid or ambiguous one is refused and
 * leaves nothing behind.
 */
interface ManifestProperties extends FuzzTarget {
    /** Digests the registry accepted in {@link Seed#MANIFESTS}, per registry: a refused push of the same bytes may still find them. */
    Set<String> ACCEPTED = ConcurrentHashMap.newKeySet();
    AtomicInteger TAGS = new AtomicInteger();

    /** A manifest, pushed by digest or under a new tag. */
    record ManifestPush(ManifestCase manifest, boolean byDigest) {
    }

    @Test
    default void anyManifestIsTakenWholeOrRefusedWithoutTrace() {
        forAll(Gen.zip(ManifestCases.any(), Gen.booleans(), ManifestPush::new), push -> checkPush(push.manifest(), push.byDigest()));
    }

    private void checkPush(ManifestCase manifest, boolean byDigest) {
        String digest = Digests.sha256(manifest.document());
        String repository = "/v2/" + Seed.MANIFESTS + "/manifests/";
        String reference = byDigest ? digest : "m" + TAGS.incrementAndGet();
        Request push = Request.of("PUT", repository + reference).body(manifest.document());
        if (manifest.contentType() != null) {
            push = push.header("Content-Type", manifest.contentType());
        }
        // other properties may push the same bytes here (any method on any path): what was there before is no trace of this push
        boolean visibleBefore = registry().sendUnchecked(Request.of("HEAD", repository + digest)).status() == 200;
        Exchange pushed = send(push);
        boolean accepted = pushed.status() == 201;
        expect(manifest.expected() != Expected.ACCEPT || accepted, pushed, "a valid manifest refused");
        expect(manifest.expected() != Expected.REFUSE || !accepted, pushed, "an invalid manifest accepted: " + manifest.shape());
        String key = registry().name() + " " + digest;
        if (accepted) {
            ACCEPTED.add(key);
            expect(pushed.header("Docker-Content-Digest").filter(digest::equals).isPresent(), pushed, "Docker-Content-Digest is not the bytes' digest");
            Exchange served = send(Request.of("GET", repository + digest));
            expect(served.status() == 200 && Arrays.equals(served.body(), manifest.document()), served, "an accepted manifest not served back as pushed");
            expect(served.header("Docker-Content-Digest").filter(digest::equals).isPresent(), served, "served under another digest");
            if (!byDigest) {
                Exchange tagged = send(Request.of("HEAD", repository + reference));
                expect(tagged.header("Docker-Content-Digest").filter(digest::equals).isPresent(), tagged, "the tag does not point at the pushed manifest");
            }
        } else {
            expect(pushed.status() >= 400 && pushed.status() < 500, pushed, "a refused push answered " + pushed.status());
            Exchange absent = send(Request.of("HEAD", repository + digest));
            expect(absent.status() == 404 || visibleBefore || ACCEPTED.contains(key), absent, "a refused manifest is visible by digest");
            if (!byDigest) {
                Exchange tag = send(Request.of("HEAD", repository + reference));
                expect(tag.status() == 404, tag, "a refused manifest's tag exists");
            }
        }
    }
}
