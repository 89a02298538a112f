package dev.berth.storage.ipfs.kubo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Content routing ({@code routing/*}): who has a CID, and telling others that this node does. */
public final class RoutingCommands {
    private final Rpc rpc;

    RoutingCommands(Rpc rpc) {
        this.rpc = rpc;
    }

    record Event(int type, List<Response> responses) {
        /** Kubo's routing event type for "a provider was found". */
        static final int PROVIDER = 4;
    }

    record Response(String id) {}

    /** Peer IDs of up to {@code limit} providers of a CID found within the timeout. */
    public List<String> findProviders(String cid, int limit) throws IOException {
        List<String> providers = new ArrayList<>();
        for (Event event : rpc.lines("routing/findprovs", Args.of(cid).with("num-providers", limit), Event.class)) {
            if (event.type() == Event.PROVIDER && event.responses() != null) {
                event.responses().forEach(response -> providers.add(response.id()));
            }
        }
        return providers;
    }

    /** Announces that this node provides a CID. */
    public void provide(String cid) throws IOException {
        rpc.lines("routing/provide", Args.of(cid), Object.class);
    }
}
