package dev.berth.storage.ipfs;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The few CID encodings the driver makes itself: identity CIDs of small content (no block, the bytes
 * are the CID) and the binary form of the CIDs Kubo reports, for the links of a joined file
 * ({@link JoinedFile}). Kubo reports CIDv1 in base32 ({@code b...}) and CIDv0 in base58btc ({@code Qm...}).
 */
final class ContentIds {
    /**
     * The longest content an identity CID may hold: Kubo (boxo's {@code verifcid}) refuses identity
     * digests beyond 128 bytes.
     */
    static final int MAX_IDENTITY = 128;
    /** The empty file, as an identity CID (no block needed anywhere). */
    static final String EMPTY = identity(new byte[0]);

    private static final int RAW = 0x55;
    private static final int IDENTITY = 0x00;
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private ContentIds() {
    }

    /** CIDv1, raw, identity multihash: the content itself, at most {@link #MAX_IDENTITY} bytes. */
    static String identity(byte[] content) {
        if (content.length > MAX_IDENTITY) {
            throw new IllegalArgumentException("identity CIDs hold at most " + MAX_IDENTITY + " bytes, not " + content.length);
        }
        ByteArrayOutputStream cid = new ByteArrayOutputStream();
        varint(cid, 1);
        varint(cid, RAW);
        varint(cid, IDENTITY);
        varint(cid, content.length);
        cid.writeBytes(content);
        return "b" + base32(cid.toByteArray());
    }

    /** Whether the CID is a CIDv1 of a raw block (a leaf of a file imported with raw leaves). */
    static boolean isRaw(String cid) {
        if (!cid.startsWith("b")) {
            return false;
        }
        byte[] binary = binary(cid);
        return binary.length > 2 && binary[0] == 1 && binary[1] == RAW;
    }

    /** The binary CID of its string form, as dag-pb links hold it. */
    static byte[] binary(String cid) {
        if (cid.length() == 46 && cid.startsWith("Qm")) {
            return base58(cid); // CIDv0: the bare multihash
        }
        if (cid.startsWith("b")) {
            return unbase32(cid.substring(1));
        }
        throw new IllegalArgumentException("not a CID form Kubo reports (b... or Qm...): " + cid);
    }

    static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    static String base32(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                text.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return text.toString();
    }

    private static byte[] unbase32(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            int value = BASE32.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32: " + text);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    private static byte[] base58(String text) {
        BigInteger value = BigInteger.ZERO;
        for (char c : text.toCharArray()) {
            int digit = BASE58.indexOf(c);
            if (digit < 0) {
                throw new IllegalArgumentException("not base58: " + text);
            }
            value = value.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(digit));
        }
        byte[] bytes = value.toByteArray();
        byte[] trimmed = bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == '1') {
            zeros++;
        }
        byte[] result = new byte[zeros + trimmed.length];
        System.arraycopy(trimmed, 0, result, zeros, trimmed.length);
        return result;
    }
}
