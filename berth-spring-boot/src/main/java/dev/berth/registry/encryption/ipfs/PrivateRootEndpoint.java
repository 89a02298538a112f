package dev.berth.registry.encryption.ipfs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.registry.ipfs.publish.IpnsPublisher;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /berth/v1/root/private}: the private tree's CID (and IPNS name with publishing on), to
 * pull its repositories from another node that holds the keyset. Below {@code /berth/v1/root}, so
 * access control asks of it what it asks of the public root: pull on every repository.
 */
@RestController
public final class PrivateRootEndpoint {
    private final PrivateRoot root;

    public PrivateRootEndpoint(PrivateRoot root) {
        this.root = root;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Root(String cid, String path, String ipns, IpnsPublisher.Published published) {
    }

    @GetMapping(path = "/berth/v1/root/private", produces = "application/json")
    Root root() throws IOException {
        String cid = root.cid();
        return root.ipns().map(ipns -> new Root(cid, "/ipfs/" + cid, ipns.name().orElse(null), ipns.lastPublished().orElse(null)))
                .orElseGet(() -> new Root(cid, "/ipfs/" + cid, null, null));
    }
}
