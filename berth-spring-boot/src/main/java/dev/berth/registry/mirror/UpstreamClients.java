package dev.berth.registry.mirror;

import dev.berth.registry.mirror.upstream.UpstreamClient;
import dev.berth.registry.mirror.upstream.UpstreamProperties.Upstream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One client per configured upstream, by name, closed (their connection pools) with the application. */
public final class UpstreamClients implements AutoCloseable {
    private final Map<String, UpstreamClient> byName = new LinkedHashMap<>();

    public UpstreamClients(List<Upstream> upstreams) {
        upstreams.forEach(upstream -> byName.put(upstream.name(), UpstreamClient.of(upstream)));
    }

    Map<String, UpstreamClient> byName() {
        return Map.copyOf(byName);
    }

    @Override
    public void close() throws IOException {
        for (UpstreamClient client : byName.values()) {
            client.close();
        }
    }
}
