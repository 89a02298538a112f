package dev.berth.registry.uploads;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.Fact;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.repository.ContentRange;
import dev.berth.registry.repository.UploadChunk;
import dev.berth.storage.FileWriter;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a chunk joins an upload: where it must start, how long it must be, and dropping what a refused push wrote. */
public final class UploadChunks {
    private static final Logger log = LoggerFactory.getLogger(UploadChunks.class);

    private UploadChunks() {
    }

    /** Writes the chunk to {@code out}, which continues a writer now holding {@code size} bytes; a gap or an overlap is refused. */
    static void append(UploadChunk chunk, long size, OutputStream out) throws IOException {
        checkPlace(chunk, size);
        checkLength(chunk, chunk.body().transferTo(out));
    }

    /** Refuses a chunk whose range does not start where the upload stands ({@code size}) or disagrees with its length. */
    public static void checkPlace(UploadChunk chunk, long size) {
        if (chunk.range().isPresent()) {
            ContentRange range = chunk.range().get();
            if (range.first() != size) {
                throw RegistryException.of(ErrorCode.RANGE_INVALID,
                        "the chunk starts at " + range.first() + " but the upload holds " + size + " bytes", range.first() + "-" + range.last())
                        .with(new Fact.UploadProgress(size));
            }
            if (chunk.declaredLength().isPresent() && chunk.declaredLength().getAsLong() != range.length()) {
                throw RegistryException.of(ErrorCode.SIZE_INVALID,
                        "Content-Length " + chunk.declaredLength().getAsLong() + " does not match Content-Range " + range.first() + "-" + range.last());
            }
        }
    }

    /** Refuses a chunk whose body was not as long as its {@code Content-Length}. */
    public static void checkLength(UploadChunk chunk, long received) {
        if (chunk.declaredLength().isPresent() && chunk.declaredLength().getAsLong() != received) {
            throw RegistryException.of(ErrorCode.SIZE_INVALID,
                    "received " + received + " bytes but Content-Length said " + chunk.declaredLength().getAsLong());
        }
    }

    /** Drops the pending bytes of a push that failed; a failure to do so only leaves them for the upload's removal. */
    public static void cancelQuietly(FileWriter writer) {
        try {
            writer.cancel();
        } catch (IOException | RuntimeException e) {
            log.debug("Could not drop the pending bytes of a refused push: {}", e.toString());
        }
    }
}
