package dev.berth.storage.ipfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.storage.ipfs.testing.KuboNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Berth's import parameters are deterministic: equal bytes, equal CIDs, on any node and from the CLI. */
class IpfsCidDeterminismTest {
    @TempDir
    Path files;

    @Test
    void theSameBytesGetTheSameCidOnTwoIndependentNodesAndFromIpfsAdd() throws Exception {
        // Several chunks and a partial last one, so the chunker and the DAG layout both count.
        byte[] content = new byte[5 * 262_144 + 12_345];
        new SplittableRandom(11).nextBytes(content);
        Path file = Files.write(files.resolve("blob"), content);

        try (KuboNode first = KuboNode.start(); KuboNode second = KuboNode.start();
                IpfsStorageDriver onFirst = IpfsStorageDriver.builder().api(first.api()).build();
                IpfsStorageDriver onSecond = IpfsStorageDriver.builder().api(second.api()).build()) {
            onFirst.putContent("/blobs/a", content);
            onSecond.putContent("/elsewhere/b", content);

            String firstCid = first.client().files().stat("/berth/blobs/a").hash();
            String secondCid = second.client().files().stat("/berth/elsewhere/b").hash();
            String cli = first.ipfs("add", "--only-hash", "--quieter", "--cid-version=1", "--raw-leaves",
                    "--chunker=size-262144", file.toString()).strip();

            assertEquals(firstCid, secondCid, "the two nodes");
            assertEquals(cli, firstCid, "ipfs add --cid-version=1 --raw-leaves --chunker=size-262144");
        }
    }
}
