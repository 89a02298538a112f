package dev.berth.registry.mirror.upstream;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v2/}: whether the upstream answers and takes this client's authorization. Learns the
 * upstream's challenge on the way, so later calls need no challenge round trip.
 */
final class PingCommand {
    private final RegistryCalls calls;

    PingCommand(RegistryCalls calls) {
        this.calls = calls;
    }

    /** The challenge the upstream asked to be answered, or empty for an open registry. */
    Optional<AuthChallenge> ping() throws UpstreamException {
        try (Deadline deadline = calls.deadline()) {
            calls.open("ping", "GET", "/v2/", Map.of("Accept", "application/json"), "", Set.of(200), deadline).close();
            return calls.authenticator().challenge();
        }
    }
}
