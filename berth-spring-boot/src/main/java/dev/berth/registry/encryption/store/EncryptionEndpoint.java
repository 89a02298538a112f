package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.Keyset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * Actuator endpoint {@code encryption}: the keyset of private repositories and what is done with it.
 * GET {@code /actuator/encryption} shows the keyset file and its keys; POST
 * {@code /actuator/encryption/rotate} adds a fresh primary key (new content is made under it, older
 * content stays readable), {@code .../reload} reads the keyset file again after it was replaced by
 * one rotated elsewhere, {@code .../reencrypt} moves content made under older keys to the primary
 * one, {@code .../gc} (optionally {@code {"dryRun": true}}) collects the private tree's garbage. Not
 * exposed over the web unless the application adds it to {@code management.endpoints.web.exposure.include}.
 */
@Endpoint(id = "encryption")
public class EncryptionEndpoint {
    private final PrivateKeys keys;
    private final PrivateRepositories repositories;
    private final PrivateTree tree;
    private final Reencryption reencryption;
    private final PrivateGarbageCollector collector;

    public EncryptionEndpoint(PrivateKeys keys, PrivateRepositories repositories, Reencryption reencryption,
                              PrivateGarbageCollector collector) {
        this.keys = keys;
        this.repositories = repositories;
        this.tree = repositories.tree();
        this.reencryption = reencryption;
        this.collector = collector;
    }

    /** The keyset as this registry holds it. */
    public record KeysetStatus(String keyset, String primaryKey, List<String> keys) {
        static KeysetStatus of(PrivateKeys keys, Keyset keyset) {
            return new KeysetStatus(keys.file().path().toString(), Integer.toUnsignedString(keyset.primaryKeyId()),
                    keyset.keyIds().stream().map(Integer::toUnsignedString).toList());
        }
    }

    @ReadOperation
    public KeysetStatus status() {
        return KeysetStatus.of(keys, keys.get().keyset());
    }

    @WriteOperation
    public Object run(@Selector String operation, @Nullable Boolean dryRun) {
        return switch (operation) {
            case "rotate" -> {
                Keyset rotated = keys.rotate(tree);
                repositories.announceChange(); // the tree is marked with the new key
                yield KeysetStatus.of(keys, rotated);
            }
            case "reload" -> KeysetStatus.of(keys, keys.reload(tree));
            case "reencrypt" -> reencryption.run();
            case "gc" -> collector.run(dryRun != null ? dryRun : collector.properties().dryRun());
            default -> throw new InvalidEndpointRequestException("no operation " + operation + "; use rotate, reload, reencrypt or gc",
                    "no such operation");
        };
    }
}
