package dev.berth.registry.mirror;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.mirror.upstream.UpstreamException;
import dev.berth.registry.mirror.upstream.UpstreamNotFoundException;
import dev.berth.registry.mirror.upstream.UpstreamRateLimitedException;
import dev.berth.registry.mirror.upstream.UpstreamUnauthorizedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a client is told when the upstream did not give what the mirror did not have. */
final class UpstreamFailures {
    private static final Logger log = LoggerFactory.getLogger(UpstreamFailures.class);

    private UpstreamFailures() {
    }

    /**
     * @param unknown the code for content the upstream does not have, such as {@code MANIFEST_UNKNOWN}
     * @param detail what was asked for
     */
    static RegistryException toClient(UpstreamException e, ErrorCode unknown, MirrorTarget target, Object detail) {
        return switch (e) {
            case UpstreamNotFoundException notFound -> RegistryException.of(
                    "NAME_UNKNOWN".equals(notFound.errorCode().orElse(null)) ? ErrorCode.NAME_UNKNOWN : unknown,
                    "the upstream " + target.upstream().name() + " does not have it: " + e.getMessage(), detail).causedBy(e);
            case UpstreamUnauthorizedException refused -> {
                // Docker Hub answers so for repositories that do not exist, too
                log.info("Upstream {} refused {}: {}", target.upstream().name(), e.call(), e.getMessage());
                yield RegistryException.of(ErrorCode.NAME_UNKNOWN, "the upstream " + target.upstream().name()
                        + " refused access (" + refused.status() + "): no such repository, or the mirror's credentials do not reach it",
                        target.remote().value()).causedBy(e);
            }
            case UpstreamRateLimitedException limited -> RegistryException.of(ErrorCode.TOOMANYREQUESTS, "the upstream "
                    + target.upstream().name() + " rate-limits the mirror, which does not have this cached", detail).causedBy(e);
            default -> {
                log.warn("Upstream {} failed: {}", target.upstream().name(), e.getMessage());
                yield RegistryException.of(ErrorCode.UNAVAILABLE, "the upstream " + target.upstream().name()
                        + " failed and the mirror does not have this cached: " + e.getMessage(), detail).causedBy(e);
            }
        };
    }
}
