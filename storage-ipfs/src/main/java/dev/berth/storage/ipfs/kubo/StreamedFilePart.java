package dev.berth.storage.ipfs.kubo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.client5.http.entity.mime.InputStreamBody;
import org.apache.hc.core5.http.ContentType;

/**
 * The file part of an upload, copied in 256 KiB pieces. {@link InputStreamBody} copies 4 KiB at a
 * time, which makes a 1 GiB upload some 260,000 HTTP chunks and socket writes: CPU that Kubo,
 * hashing on the same cores, then lacks.
 */
final class StreamedFilePart extends InputStreamBody {
    private static final int PIECE = 256 * 1024;

    StreamedFilePart(InputStream content) {
        super(content, ContentType.APPLICATION_OCTET_STREAM, "data"); // Kubo needs a file name on the part
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = getInputStream()) {
            byte[] piece = new byte[PIECE];
            for (int n; (n = in.readNBytes(piece, 0, PIECE)) > 0; ) {
                out.write(piece, 0, n);
            }
        }
    }
}
