package dev.berth.registry.ipfs.publish;

import dev.berth.registry.ipfs.Cid;
import java.util.Objects;

/**
 * The CID of one image's self-contained tree, and the repository name to pull it by from any Berth
 * registry: {@code ipfs/<cid>} (CIDv1 base32, docker-safe), with the usual tag or digest.
 */
public record ImageCid(String cid, String name) {
    public ImageCid {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(name, "name");
    }

    static ImageCid of(String cid) {
        String v1 = Cid.parse(cid).toString();
        return new ImageCid(v1, "ipfs/" + v1);
    }
}
