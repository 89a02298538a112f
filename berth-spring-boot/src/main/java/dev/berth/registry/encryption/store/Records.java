package dev.berth.registry.encryption.store;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.Tag;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The plaintext of the records private repositories keep, each sealed before it is stored: lines of
 * text, then for a manifest its bytes as pushed. Nothing here is ever stored as it is.
 */
final class Records {
    private Records() {
    }

    /** A tag: its name and the digest it points at. */
    record TagRecord(Tag tag, Digest digest) {
        byte[] encode() {
            return (tag.value() + "\n" + digest).getBytes(StandardCharsets.UTF_8);
        }

        static TagRecord decode(byte[] plaintext) {
            String[] lines = new String(plaintext, StandardCharsets.UTF_8).split("\n", -1);
            if (lines.length != 2) {
                throw damaged("tag");
            }
            return new TagRecord(new Tag(lines[0]), Digest.parse(lines[1]));
        }
    }

    /** A manifest: its digest, the media type it was pushed with, and its bytes. */
    record ManifestRecord(Digest digest, MediaType mediaType, byte[] content) {
        byte[] encode() {
            byte[] head = (digest + "\n" + mediaType.value() + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] encoded = Arrays.copyOf(head, head.length + content.length);
            System.arraycopy(content, 0, encoded, head.length, content.length);
            return encoded;
        }

        static ManifestRecord decode(byte[] plaintext) {
            int first = indexOf(plaintext, 0);
            int second = first < 0 ? -1 : indexOf(plaintext, first + 1);
            if (second < 0) {
                throw damaged("manifest");
            }
            return new ManifestRecord(Digest.parse(new String(plaintext, 0, first, StandardCharsets.UTF_8)),
                    new MediaType(new String(plaintext, first + 1, second - first - 1, StandardCharsets.UTF_8)),
                    Arrays.copyOfRange(plaintext, second + 1, plaintext.length));
        }

        private static int indexOf(byte[] bytes, int from) {
            for (int i = from; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }
    }

    static Digest layerDigest(byte[] plaintext) {
        return Digest.parse(new String(plaintext, StandardCharsets.UTF_8));
    }

    private static RegistryException damaged(String what) {
        return RegistryException.of(ErrorCode.UNKNOWN, "a private " + what + " record decrypted but does not read as one: it was damaged");
    }
}
