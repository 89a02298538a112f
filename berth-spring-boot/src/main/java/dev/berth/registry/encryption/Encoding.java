package dev.berth.registry.encryption;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The byte strings that key derivations and associated data are computed over: a label and parts,
 * each length-prefixed, so that no two different lists of parts give the same bytes.
 */
final class Encoding {
    private Encoding() {
    }

    static byte[] join(String label, String... parts) {
        return join(label, new byte[0], parts);
    }

    /** The label, fixed bytes such as a header, then the parts. */
    static byte[] join(String label, byte[] fixed, String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        put(out, label.getBytes(StandardCharsets.US_ASCII));
        put(out, fixed);
        for (String part : parts) {
            put(out, part.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static void put(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
