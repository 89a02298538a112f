package dev.berth.registry.ipfs;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * A content identifier, read from any form people meet and written in the one form that is a valid
 * repository name component: CIDv1 in lowercase base32 ({@code bafy...}), which is what Berth puts
 * after {@code ipfs/} in repository names.
 *
 * <p>Read: CIDv0 ({@code Qm...}, base58btc), CIDv1 with the multibase prefixes {@code b}/{@code B}
 * (base32), {@code z} (base58btc) and {@code f} (base16), and the docker-safe names IPDR makes from
 * CIDv0s (the multihash in lowercase base32 without a prefix, {@code ciq...}), so that an IPDR-style
 * name pulls the same content. Written back: {@link #toString()} (CIDv1 base32), {@link #toV0()} and
 * {@link #toIpdrName()} when the CID is a CIDv0 in disguise (dag-pb, sha2-256).
 */
public final class Cid {
    private static final int DAG_PB = 0x70;
    private static final int SHA2_256 = 0x12;
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger FIFTY_EIGHT = BigInteger.valueOf(58);

    private final long codec;
    private final byte[] multihash;

    private Cid(long codec, byte[] multihash) {
        this.codec = codec;
        this.multihash = multihash;
        checkMultihash(multihash);
    }

    /** Reads a CID in any of the forms above; IllegalArgumentException says what is wrong. */
    public static Cid parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a CID cannot be empty");
        }
        if (text.length() == 46 && text.startsWith("Qm")) {
            return new Cid(DAG_PB, base58(text));
        }
        if (text.startsWith("ciq")) {
            return new Cid(DAG_PB, base32(text)); // IPDR: a CIDv0's multihash, base32 without a prefix
        }
        byte[] bytes = switch (text.charAt(0)) {
            case 'b' -> base32(text.substring(1));
            case 'B' -> base32(text.substring(1).toLowerCase(Locale.ROOT));
            case 'z' -> base58(text.substring(1));
            case 'f' -> base16(text.substring(1));
            default -> throw new IllegalArgumentException("not a CID in a form Berth reads (Qm..., b..., B..., z..., f..., ciq...): " + text);
        };
        int[] at = {0};
        long version = varint(bytes, at);
        if (version != 1) {
            throw new IllegalArgumentException("not a CIDv1 (version " + version + "): " + text);
        }
        long codec = varint(bytes, at);
        return new Cid(codec, Arrays.copyOfRange(bytes, at[0], bytes.length));
    }

    /** True for the CIDs that have a CIDv0 form: dag-pb content hashed with sha2-256. */
    public boolean hasV0Form() {
        return codec == DAG_PB && multihash[0] == SHA2_256;
    }

    /** The {@code Qm...} form, when there is one. */
    public Optional<String> toV0() {
        return hasV0Form() ? Optional.of(encodeBase58(multihash)) : Optional.empty();
    }

    /** IPDR's docker-safe name for this content ({@code ciq...}), when it has a CIDv0 form. */
    public Optional<String> toIpdrName() {
        return hasV0Form() ? Optional.of(encodeBase32(multihash)) : Optional.empty();
    }

    /** CIDv1, lowercase base32 with its {@code b} prefix: a valid repository name component. */
    @Override
    public String toString() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writeVarint(bytes, 1);
        writeVarint(bytes, codec);
        bytes.writeBytes(multihash);
        return "b" + encodeBase32(bytes.toByteArray());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cid cid && cid.codec == codec && Arrays.equals(cid.multihash, multihash);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(codec) + Arrays.hashCode(multihash);
    }

    /** A multihash is a code, a length, and exactly that many bytes of digest. */
    private static void checkMultihash(byte[] multihash) {
        int[] at = {0};
        varint(multihash, at);
        long length = varint(multihash, at);
        if (length == 0 || multihash.length - at[0] != length) {
            throw new IllegalArgumentException("the CID's multihash says " + length + " bytes of digest but has "
                    + (multihash.length - at[0]));
        }
    }

    private static long varint(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (at[0] >= bytes.length) {
                throw new IllegalArgumentException("the CID ends inside a number");
            }
            byte b = bytes[at[0]++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a number in the CID is too long");
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while (value >= 0x80) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static byte[] base32(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            int value = BASE32.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("'" + c + "' is not a base32 character");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out.write((buffer >> bits) & 0xff);
            }
        }
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("base32 text of an impossible length or with stray bits: " + text);
        }
        return out.toByteArray();
    }

    private static String encodeBase32(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                text.append(BASE32.charAt((buffer >> bits) & 0x1f));
            }
        }
        if (bits > 0) {
            text.append(BASE32.charAt((buffer << (5 - bits)) & 0x1f));
        }
        return text.toString();
    }

    private static byte[] base58(String text) {
        BigInteger value = BigInteger.ZERO;
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == '1') {
            zeros++;
        }
        for (char c : text.toCharArray()) {
            int digit = BASE58.indexOf(c);
            if (digit < 0) {
                throw new IllegalArgumentException("'" + c + "' is not a base58 character");
            }
            value = value.multiply(FIFTY_EIGHT).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
        int sign = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0; // BigInteger's sign byte
        byte[] bytes = new byte[zeros + magnitude.length - sign];
        System.arraycopy(magnitude, sign, bytes, zeros, magnitude.length - sign);
        return bytes;
    }

    private static String encodeBase58(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        BigInteger value = new BigInteger(1, bytes);
        while (value.signum() > 0) {
            BigInteger[] division = value.divideAndRemainder(FIFTY_EIGHT);
            text.append(BASE58.charAt(division[1].intValue()));
            value = division[0];
        }
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            text.append('1');
        }
        return text.reverse().toString();
    }

    private static byte[] base16(String text) {
        try {
            return HexFormat.of().parseHex(text.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base16: " + text, e);
        }
    }
}
