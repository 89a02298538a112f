package com.example.embedding;

import dev.berth.storage.CheckedDriver;
import dev.berth.storage.FileWriter;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Stores a file on IPFS through Berth's driver: plain Java, no Spring. */
public final class StoreOnIpfs {
    public static void main(String[] args) throws Exception {
        URI api = URI.create(args[0]); // the Kubo RPC API, such as http://127.0.0.1:5001
        Path file = Path.of(args[1]);
        String path = "/files/" + file.getFileName();
        try (IpfsStorageDriver ipfs = IpfsStorageDriver.builder().api(api).root("/my-app")
                .timeout(Duration.ofSeconds(30)).build()) {
            StorageDriver driver = CheckedDriver.wrap(ipfs); // path checks, one error type, metrics
            try (InputStream in = Files.newInputStream(file); FileWriter writer = driver.writer(path, false)) {
                in.transferTo(writer); // streamed to Kubo as it is read, never held in memory
                writer.commit(); // visible at the path only now
            }
            System.out.println(driver.stat(path).size() + " bytes at " + path + ", tree /ipfs/" + ipfs.rootCid());
        }
    }
}
