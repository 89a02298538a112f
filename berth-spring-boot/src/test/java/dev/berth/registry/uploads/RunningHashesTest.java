package dev.berth.registry.uploads;

import dev.berth.registry.repository.UploadId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RunningHashesTest {
    private final RunningHashes hashes = new RunningHashes();
    private final UploadId id = UploadId.random();

    @Test
    void chunksStreamedInOrderGiveTheDigestOfTheWhole() throws IOException {
        hashes.begin(id);
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        write(hashes.tee(id, 0, stored), "hello ");
        write(hashes.tee(id, stored.size(), stored), "world");
        assertThat(hashes.finish(id, DigestAlgorithm.SHA256, stored.size()))
                .contains(Digest.of(DigestAlgorithm.SHA256, "hello world".getBytes(StandardCharsets.UTF_8)));
        assertThat(hashes.finish(id, DigestAlgorithm.SHA256, stored.size())).as("forgotten once finished").isEmpty();
    }

    @Test
    void aHashThatDoesNotCoverWhatIsStoredIsDropped() throws IOException {
        hashes.begin(id);
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        write(hashes.tee(id, 0, stored), "abc");
        stored.write('x'); // a byte written behind the running hash's back, as another process would
        OutputStream next = hashes.tee(id, stored.size(), stored);
        assertThat(next).as("the writer itself, not a tee").isSameAs(stored);
        write(next, "def");
        assertThat(hashes.finish(id, DigestAlgorithm.SHA256, stored.size())).isEmpty();
    }

    @Test
    void aSizeMismatchAtTheEndOrAnotherAlgorithmMeansReadingBack() throws IOException {
        hashes.begin(id);
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        write(hashes.tee(id, 0, stored), "abc");
        assertThat(hashes.finish(id, DigestAlgorithm.SHA256, 4)).isEmpty();
        hashes.begin(id);
        write(hashes.tee(id, 0, new ByteArrayOutputStream()), "abc");
        assertThat(hashes.finish(id, DigestAlgorithm.SHA512, 3)).isEmpty();
    }

    @Test
    void anUploadUnknownHereIsNotHashed() {
        OutputStream writer = new ByteArrayOutputStream();
        assertThat(hashes.tee(id, 0, writer)).isSameAs(writer);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
