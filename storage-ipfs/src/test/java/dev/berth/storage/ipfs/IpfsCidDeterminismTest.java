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

    /**
     * Content written in several writers, each continuing the last, whose pieces end on chunk
     * boundaries gets the CID of one import of its bytes: one level of nodes and two (more than
     * 174 leaves), a last piece of one chunk and of several. Pieces that do not end on a boundary are
     * joined under one node instead, and read back the same.
     */
    @Test
    void contentWrittenInChunkAlignedPiecesGetsTheCidOfOneImport() throws Exception {
        int chunk = 262_144;
        try (KuboNode node = KuboNode.start(); IpfsStorageDriver driver = IpfsStorageDriver.builder().api(node.api()).build()) {
            record Case(String name, int size, int[] cuts) {
            }
            for (Case split : java.util.List.of(
                    new Case("one level", 5 * chunk + 12_345, new int[] {chunk, 3 * chunk}),
                    new Case("last piece one chunk", 4 * chunk, new int[] {3 * chunk}),
                    new Case("two levels", 180 * chunk + 777, new int[] {chunk, 175 * chunk}),
                    new Case("not aligned", 3 * chunk + 5, new int[] {chunk + 1}))) {
                byte[] content = new byte[split.size()];
                new SplittableRandom(split.size()).nextBytes(content);
                String path = "/split/" + split.name().replace(' ', '-');
                int from = 0;
                for (int cut : split.cuts()) {
                    try (dev.berth.storage.FileWriter writer = driver.writer(path, from > 0)) {
                        writer.write(content, from, cut - from);
                    }
                    from = cut;
                }
                dev.berth.storage.FileWriter last = driver.writer(path, true);
                last.write(content, from, content.length - from);
                last.commit();

                String joined = node.client().files().stat("/berth" + path).hash();
                String cli = node.ipfs("add", "--only-hash", "--quieter", "--cid-version=1", "--raw-leaves",
                        "--chunker=size-262144", Files.write(files.resolve(split.name()), content).toString()).strip();
                if (split.name().equals("not aligned")) {
                    org.junit.jupiter.api.Assertions.assertNotEquals(cli, joined, split.name());
                } else {
                    assertEquals(cli, joined, split.name());
                }
                try (java.io.InputStream in = driver.reader(path, 0)) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(content, in.readAllBytes(), split.name());
                }
            }
        }
    }
}
