package dev.berth.registry.ipfs;

import java.net.URI;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the Kubo node's RPC API is. By default it comes from {@code berth.storage.ipfs.api}; an
 * application (or a test with a node it started itself) can define its own bean instead.
 */
public interface KuboConnectionDetails extends ConnectionDetails {

    /** The RPC API's base address, such as {@code http://127.0.0.1:5001}. */
    URI api();
}
