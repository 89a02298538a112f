package dev.berth.storage.ipfs.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmKeyTest {
    @TempDir
    Path work;

    @Test
    void aGeneratedKeyRoundTripsThroughItsFileInEitherEncoding() throws IOException {
        SwarmKey key = SwarmKey.generate();
        assertNotEquals(key, SwarmKey.generate());
        assertTrue(key.text().matches("/key/swarm/psk/1\\.0\\.0/\n/base16/\n[0-9a-f]{64}\n"), key.text());
        assertEquals(key, SwarmKey.read(Files.writeString(work.resolve("swarm.key"), key.text())));

        byte[] bytes = HexFormat.of().parseHex(key.text().split("\n")[2]);
        String base64 = "/key/swarm/psk/1.0.0/\r\n/base64/\r\n" + Base64.getEncoder().encodeToString(bytes) + "\r\n";
        assertEquals(key, SwarmKey.parse(base64));
        assertFalse(key.toString().contains(key.text().split("\n")[2]), "the key never shows in logs");
    }

    @Test
    void textThatIsNotASwarmKeyIsRefusedSayingWhy() {
        String hex = "ab".repeat(32);
        assertThrows(IllegalArgumentException.class, () -> SwarmKey.parse("/key/swarm/psk/2.0.0/\n/base16/\n" + hex));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SwarmKey.parse("/key/swarm/psk/1.0.0/\n/bin/\nx"))
                .getMessage().contains("unsupported encoding"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SwarmKey.parse("/key/swarm/psk/1.0.0/\n/base16/\n" + "ab".repeat(31)))
                .getMessage().contains("32 bytes"));
        assertThrows(IllegalArgumentException.class, () -> SwarmKey.parse("/key/swarm/psk/1.0.0/\n/base16/\nzz" + hex.substring(2)));
        assertThrows(IllegalArgumentException.class, () -> SwarmKey.parse(hex));
    }

    @Test
    void aFileThatIsNotOneIsRefusedNamingIt() throws IOException {
        Path large = Files.writeString(work.resolve("large"), "/key/swarm/psk/1.0.0/\n/base16/\n" + "0".repeat(2000));
        IOException e = assertThrows(IOException.class, () -> SwarmKey.read(large));
        assertTrue(e.getMessage().contains(large.toString()) && e.getMessage().contains("larger"), e.getMessage());
        Path empty = Files.writeString(work.resolve("empty"), "");
        assertTrue(assertThrows(IOException.class, () -> SwarmKey.read(empty)).getMessage().contains(empty.toString()));
    }
}
