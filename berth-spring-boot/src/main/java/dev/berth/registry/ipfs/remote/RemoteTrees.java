package dev.berth.registry.ipfs.remote;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.RepositoryDiscovery;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.StorageUnavailableException;
import dev.berth.storage.ipfs.IpfsTreeDriver;
import dev.berth.storage.ipfs.kubo.KuboClient;
import dev.berth.storage.ipfs.kubo.KuboUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trees published on IPFS, read through this registry's Kubo node: names are resolved to
 * {@code /ipfs/<cid>} (IPNS keys by Kubo, DNSLink domains by {@link DnsLinks}; both cached for
 * {@link RemoteProperties#resolutionTtl()}), peer hints are dialed first, and the tree is read
 * through a read-only {@link IpfsTreeDriver} (by the local store's own reading code, see
 * {@link RemoteTreeKind}). Every Kubo call
 * here is bounded by {@link RemoteProperties#timeout()}: content that no reachable peer provides
 * gives an error, not a hang; this node's Kubo being down is UNAVAILABLE (503). No answer carries
 * what the layers below said, which names Kubo's address.
 */
public final class RemoteTrees implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteTrees.class);
    /** DNSLink may point at another DNSLink; a loop must end. */
    private static final int MAX_INDIRECTIONS = 4;
    /**
     * The most entries a search for a tree's only repository visits. An image's own tree holds a few
     * folders; a tree that takes more is no image, and names its repository instead.
     */
    static final int MAX_SEARCH_ENTRIES = 1000;

    private final KuboClient kubo;
    private final PeerDialer dialer;
    private final DnsLinks dns;
    private final RemoteProperties properties;
    private final List<String> configuredPeers;
    private final MeterRegistry meters;
    private final Map<String, Resolution> resolutions = new ConcurrentHashMap<>();
    /** A tree's only repository; a tree never changes, so the answer holds for good (the map is only bounded). */
    private final Map<String, RepositoryName> onlyRepositories = new ConcurrentHashMap<>();

    private record Resolution(String tree, Instant until) {}

    /** A repository found in a remote tree: the tree's storage, and the repository's name inside it. */
    public record Located(RegistryStorage storage, RepositoryName repository, String tree) {}

    /** A remote tree, reachable: its storage, and {@code /ipfs/<cid>[/...]}. */
    public record Reached(RegistryStorage storage, String tree) {}

    /**
     * @param kubo a client of this registry's node, with {@link RemoteProperties#timeout()}; closed with this
     * @param dialer dials peers with {@link RemoteProperties#dialTimeout()}
     * @param configuredPeers {@code berth.storage.ipfs.peers}, dialed at start and before each remote read
     */
    public RemoteTrees(KuboClient kubo, PeerDialer dialer, DnsLinks dns, RemoteProperties properties, List<String> configuredPeers,
                       MeterRegistry meters) {
        this.kubo = kubo;
        this.dialer = dialer;
        this.dns = dns;
        this.properties = properties;
        this.configuredPeers = List.copyOf(configuredPeers);
        this.meters = meters;
    }

    /** Whether verified remote content is linked into this registry's blob store. */
    public boolean pullsThrough() {
        return properties.pullThrough();
    }

    /** Dials the configured peers; called once at start, in the background. */
    public void dialConfiguredPeers() {
        dialer.dial(configuredPeers, "berth.storage.ipfs.peers");
    }

    /** The tree the name points at, reachable, and the repository it names in it. */
    public Located locate(RemoteName name) {
        return locate(reach(name), name);
    }

    /** The tree the name points at, resolved and reachable. */
    public Reached reach(RemoteName name) {
        dialConfiguredPeers();
        String tree = resolve(name);
        RegistryStorage storage = new RegistryStorage(IpfsTreeDriver.of(kubo, tree), meters);
        requireReachable(storage, name, tree);
        return new Reached(storage, tree);
    }

    /** The repository the name asks for in a tree of this registry's own layout. */
    public Located locate(Reached reached, RemoteName name) {
        RepositoryName repository = name.repository()
                .orElseGet(() -> onlyRepositoryOf(reached.tree(), reached.storage(), name));
        return new Located(reached.storage(), repository, reached.tree());
    }

    /**
     * The repositories of the tree the name points at, below the repository it names if any, by their
     * full names ({@code ipfs/<cid>/<repository>}), sorted, at most {@code limit}.
     */
    public List<RepositoryName> repositories(RemoteName name, int limit) {
        dialConfiguredPeers();
        String tree = resolve(name);
        RegistryStorage storage = new RegistryStorage(IpfsTreeDriver.of(kubo, tree), meters);
        requireReachable(storage, name, tree);
        String prefix = name.repository().map(inside -> inside.value() + "/").orElse("");
        SortedSet<RepositoryName> found;
        try {
            found = RepositoryDiscovery.find(storage, prefix.isEmpty() ? limit : Integer.MAX_VALUE);
        } catch (RuntimeException e) {
            throw unknown(name, "its repositories could not be listed: " + e.getMessage());
        }
        String base = name.kind().prefix() + "/" + name.root() + "/";
        return found.stream()
                .filter(inside -> prefix.isEmpty() || inside.value().startsWith(prefix) || (inside.value() + "/").equals(prefix))
                .limit(limit)
                .map(inside -> new RepositoryName(base + inside.value()))
                .toList();
    }

    private String resolve(RemoteName name) {
        if (name.kind() == RemoteName.Kind.IPFS) {
            return name.path();
        }
        Resolution cached = resolutions.get(name.root());
        if (cached != null && cached.until().isAfter(Instant.now())) {
            return cached.tree();
        }
        String tree = resolveName(name.path(), name, MAX_INDIRECTIONS);
        log.info("{} resolves to {}", name.path(), tree);
        resolutions.put(name.root(), new Resolution(tree, Instant.now().plus(properties.resolutionTtl())));
        return tree;
    }

    /** {@code /ipns/<key or domain>} to {@code /ipfs/<cid>[/...]}. */
    private String resolveName(String path, RemoteName asked, int indirections) {
        if (path.startsWith("/ipfs/")) {
            if (!IpfsTreeDriver.isTree(path)) {
                throw unknown(asked, "it points at " + path + ", which is not an /ipfs/<cid> tree");
            }
            return path;
        }
        if (indirections == 0) {
            throw unknown(asked, "its DNSLink records point at each other more than " + MAX_INDIRECTIONS + " times");
        }
        String name = path.substring("/ipns/".length()).replaceAll("/.*", "");
        String rest = path.substring("/ipns/".length() + name.length());
        if (!name.contains(".")) {
            try {
                return resolveName(kubo.names().resolve("/ipns/" + name) + rest, asked, indirections - 1);
            } catch (IOException e) {
                throw failure(asked, "the IPNS name " + name + " could not be resolved within " + properties.timeout(), e);
            }
        }
        DnsLinks.Records records;
        try {
            records = dns.lookup(name);
        } catch (IOException e) {
            log.warn("DNSLink lookup of {} for {} failed: {}", name, asked, e.getMessage());
            throw RegistryException.of(ErrorCode.UNAVAILABLE, asked + ": the DNSLink records of " + name
                    + " could not be looked up; retry later", asked.toString());
        }
        log.info("DNSLink of {}: {}, peer hints {}", name, records.path().orElse("none"), records.peerHints());
        if (!records.peerHints().isEmpty()) {
            if (properties.acceptsHintsFrom(name)) {
                dialer.dial(records.peerHints(), "ipfsnode= at _dnslink." + name);
            } else {
                log.info("Not dialing the ipfsnode= hints of {}: it is not in berth.remote.peer-hint-domains", name);
            }
        }
        String target = records.path().orElseThrow(() ->
                unknown(asked, "no TXT record dnslink=/ipfs/... or dnslink=/ipns/... at _dnslink." + name));
        return resolveName(target + rest, asked, indirections - 1);
    }

    private void requireReachable(RegistryStorage storage, RemoteName name, String tree) {
        try {
            storage.driver().stat("/");
        } catch (PathNotFoundException e) {
            throw unknown(name, tree + " does not exist");
        } catch (StorageUnavailableException e) {
            throw failure(name, "no reachable peer provided " + tree + " within " + properties.timeout(), e);
        } catch (IOException e) {
            throw failure(name, tree + " could not be read", e);
        }
    }

    private RepositoryName onlyRepositoryOf(String tree, RegistryStorage storage, RemoteName name) {
        RepositoryName cached = onlyRepositories.get(tree);
        if (cached != null) {
            return cached;
        }
        RepositoryName found = onlyRepository(storage, name, new RepositoryDiscovery.Bounds(MAX_SEARCH_ENTRIES,
                Optional.of(properties.timeout())));
        if (onlyRepositories.size() > 1024) {
            onlyRepositories.clear();
        }
        onlyRepositories.put(tree, found);
        return found;
    }

    /**
     * {@code ipfs/<cid>} alone names the tree's only repository (an image's own CID holds one). The
     * search is bounded: a tree anyone publishes can be as deep and wide as they like.
     */
    private RepositoryName onlyRepository(RegistryStorage storage, RemoteName name, RepositoryDiscovery.Bounds bounds) {
        SortedSet<RepositoryName> found;
        try {
            found = RepositoryDiscovery.find(storage, 2, bounds);
        } catch (RepositoryDiscovery.TooLarge e) {
            throw unknown(name, e.getMessage() + "; name its repository, as " + name + "/<repository>");
        } catch (UncheckedIOException e) {
            throw failure(name, "its repositories could not be listed", e.getCause());
        }
        if (found.size() != 1) {
            throw unknown(name, found.isEmpty() ? "the tree holds no repository"
                    : "the tree holds several repositories; name one, as " + name + "/<repository>");
        }
        return found.first();
    }

    private static RegistryException unknown(RemoteName name, String why) {
        return RegistryException.of(ErrorCode.NAME_UNKNOWN, name + ": " + why, name.toString());
    }

    /**
     * A read that failed: UNAVAILABLE (503, retry later) when this node's Kubo is down, else
     * NAME_UNKNOWN saying {@code why}. What went wrong below is logged, never told: it names Kubo's address.
     */
    private RegistryException failure(RemoteName name, String why, Throwable e) {
        if (kuboIsDown(e)) {
            log.warn("Reading {} failed, Kubo is unavailable: {}", name, e.getMessage());
            dialer.forgetAll(); // a Kubo that comes back has forgotten its peers
            return RegistryException.of(ErrorCode.UNAVAILABLE, "the IPFS node this registry reads through is unavailable; retry later",
                    name.toString());
        }
        log.info("Reading {} failed: {}", name, e.getMessage());
        return unknown(name, why);
    }

    /**
     * Whether the failure is Kubo itself not answering (refused, dropped), rather than Kubo answering
     * that no peer had the content. A timeout can be either, so Kubo is asked whether it answers at all.
     */
    private boolean kuboIsDown(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedIOException) {
                return !kuboAnswers();
            }
            if (cause instanceof KuboUnavailableException unavailable && !(unavailable.getCause() instanceof InterruptedIOException)) {
                return true;
            }
        }
        return false;
    }

    private boolean kuboAnswers() {
        try {
            kubo.node().version();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        kubo.close();
    }
}
