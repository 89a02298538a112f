package dev.berth.storage.ipfs;

import dev.berth.storage.FileInfo;
import dev.berth.storage.InvalidOffsetException;
import dev.berth.storage.OpenedFile;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.ipfs.kubo.FilesCommands.Stat;
import dev.berth.storage.ipfs.kubo.KuboClient;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * The one read path of the IPFS drivers: {@code files/stat} of the path (in MFS, or below
 * {@code /ipfs/<cid>}), then {@code cat} of the CID it reported, from the offset and for no more
 * than the range asked, so Kubo fetches and sends nothing past it. Reading by CID, a reader sees
 * one whole version even while the path is replaced, and the stat that found the CID describes it.
 */
final class CidReads {
    private final KuboClient kubo;
    private final String driver;

    /** @param driver the name failures carry */
    CidReads(KuboClient kubo, String driver) {
        this.kubo = kubo;
        this.driver = driver;
    }

    /** The file at storage path {@code path}, which Kubo knows as {@code kuboPath}. */
    OpenedFile open(String path, String kuboPath, long offset, long length) throws IOException {
        StorageDriver.checkLength(length);
        try {
            Stat file = fileStat(path, kuboPath);
            if (offset < 0 || offset > file.size()) {
                throw new InvalidOffsetException(driver, path, offset);
            }
            long count = Math.min(length, file.size() - offset);
            InputStream content = count == 0
                    ? InputStream.nullInputStream()
                    : Failures.translating(driver, path, kubo.cat().cat("/ipfs/" + file.hash(), offset, count));
            return new OpenedFile(info(path, file), content);
        } catch (IOException e) {
            throw Failures.of(driver, path, e);
        }
    }

    /**
     * {@code cat /ipfs/<cid>} from the offset, for at most {@code length} bytes, without a look-up:
     * the caller knows the CID. Kubo checks every block it reads against its CID.
     */
    InputStream readContent(String contentId, long offset, long length) throws IOException {
        StorageDriver.checkLength(length);
        if (offset < 0) {
            throw new InvalidOffsetException(driver, "/ipfs/" + contentId, offset);
        }
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        String path = "/ipfs/" + contentId;
        try {
            return Failures.translating(driver, path, kubo.cat().cat(path, offset, -1, length));
        } catch (IOException e) {
            throw Failures.of(driver, path, e);
        }
    }

    /** {@code files/stat} of a file; a folder there is not found. */
    Stat fileStat(String path, String kuboPath) throws IOException {
        Stat stat = kubo.files().stat(kuboPath);
        if (stat.isDirectory()) {
            throw new PathNotFoundException(driver, path);
        }
        return stat;
    }

    /** What the SPI's stat reports; MFS keeps no modification times, so the time is the call's. */
    static FileInfo info(String path, Stat stat) {
        FileInfo info = stat.isDirectory() ? FileInfo.directory(path, Instant.now()) : FileInfo.file(path, stat.size(), Instant.now());
        return info.withContentId(stat.hash());
    }
}
