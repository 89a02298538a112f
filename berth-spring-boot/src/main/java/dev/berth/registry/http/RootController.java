package dev.berth.registry.http;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryStorage;
import dev.berth.storage.CheckedDriver;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import java.io.IOException;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /berth/v1/root}: the CID of the registry's whole published tree, when it is stored on
 * IPFS. Any IPFS node or gateway can then serve that tree by CID.
 */
@RestController
class RootController {
    private final RegistryStorage storage;

    RootController(RegistryStorage storage) {
        this.storage = storage;
    }

    @GetMapping(path = "/berth/v1/root", produces = "application/json")
    Map<String, String> root() throws IOException {
        StorageDriver driver = storage.driver();
        if (driver instanceof CheckedDriver checked) {
            driver = checked.delegate();
        }
        if (!(driver instanceof IpfsStorageDriver ipfs)) {
            throw RegistryException.of(ErrorCode.UNSUPPORTED, "the registry's storage is " + driver.name() + ", not IPFS");
        }
        String cid = ipfs.rootCid();
        return Map.of("cid", cid, "path", "/ipfs/" + cid);
    }
}
