package dev.berth.registry.mirror.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.unit.DataSize;

/**
 * {@code berth.mirror.*}: the upstream registries this registry mirrors, pulling through on a miss,
 * and the peer trees of a group of mirrors.
 *
 * @param upstreams the upstream registries, each under the host name clients use for it; names are unique
 * @param group the published trees of other mirrors of the same group
 * @param groupTimeout the longest a look-up of a blob or manifest in one tree of the group may take
 *     before the mirror asks the next tree or the upstream (the bytes then come at the pace of
 *     {@code berth.remote.timeout} per wait)
 * @param cache how much the mirror keeps
 */
@ConfigurationProperties("berth.mirror")
public record UpstreamProperties(List<Upstream> upstreams, List<PeerTree> group, Duration groupTimeout, Cache cache) {

    public UpstreamProperties {
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        group = group == null ? List.of() : List.copyOf(group);
        groupTimeout = groupTimeout == null ? Duration.ofSeconds(5) : groupTimeout;
        if (groupTimeout.isNegative() || groupTimeout.isZero()) {
            throw new IllegalArgumentException("berth.mirror.group-timeout must be positive: " + groupTimeout);
        }
        cache = cache == null ? new Cache(null, null, null) : cache;
        Set<String> names = new HashSet<>();
        List<String> bare = new ArrayList<>();
        for (Upstream upstream : upstreams) {
            if (!names.add(upstream.name())) {
                throw new IllegalArgumentException("berth.mirror.upstreams names " + upstream.name() + " twice");
            }
            if (upstream.bareNames()) {
                bare.add(upstream.name());
            }
        }
        if (bare.size() > 1) {
            throw new IllegalArgumentException("only one upstream can take bare names; berth.mirror.upstreams has " + bare);
        }
    }

    /** Upstreams alone, every other setting at its default. */
    public static UpstreamProperties of(List<Upstream> upstreams) {
        return new UpstreamProperties(upstreams, null, null, null);
    }

    /**
     * How much of what it pulled the mirror keeps. Images go least recently pulled first; their blobs
     * then go with garbage collection ({@code berth.gc.*}), once no manifest references them.
     *
     * @param maxSize the most bytes of blobs the mirror's repositories may hold; none means no limit
     * @param maxIdle how long an image may go without being pulled before it goes; none means for ever
     * @param checkInterval how often the limits are checked
     */
    public record Cache(DataSize maxSize, Duration maxIdle, Duration checkInterval) {
        public Cache {
            if (maxSize != null && maxSize.toBytes() <= 0) {
                throw new IllegalArgumentException("berth.mirror.cache.max-size must be positive: " + maxSize);
            }
            if (maxIdle != null && (maxIdle.isNegative() || maxIdle.isZero())) {
                throw new IllegalArgumentException("berth.mirror.cache.max-idle must be positive: " + maxIdle);
            }
            checkInterval = checkInterval == null ? Duration.ofMinutes(10) : checkInterval;
            if (checkInterval.isNegative() || checkInterval.isZero()) {
                throw new IllegalArgumentException("berth.mirror.cache.check-interval must be positive: " + checkInterval);
            }
        }

        /** Whether any limit is set. */
        public boolean limited() {
            return maxSize != null || maxIdle != null;
        }
    }

    /**
     * One upstream registry.
     *
     * @param name the registry host as clients name it, such as {@code docker.io} or {@code ghcr.io}
     *     ({@code host} or {@code host:port}, lowercase); {@code docker.io} also gets Docker Hub's
     *     implicit {@code library/} for one-component repository names
     * @param url where the registry's API is, such as {@code https://registry-1.docker.io}
     * @param username the user to log in as (basic auth, or basic auth at the token realm); none for anonymous pulls
     * @param password the password or access token of {@code username}
     * @param include globs over repository names at the upstream (Docker Hub's official images with
     *     {@code library/}) that are mirrored: {@code *} within one path component, {@code **} across
     *     components; none means every repository
     * @param exclude globs over repository names that are not mirrored, even when included
     * @param tagTtl how long a tag's manifest is served before it is checked again with a HEAD
     * @param connectTimeout the longest wait for a TCP (and TLS) connection
     * @param readTimeout the longest wait for a response to start and, while a body streams, for its next bytes
     * @param requestTimeout the longest whole exchange for replies read at once (pings, tokens,
     *     manifests, tag lists); blob streams are bounded by {@code readTimeout} per wait instead
     * @param bareNames also serve names without this upstream's name in front (such as
     *     {@code library/alpine}), as Docker's {@code registry-mirrors} setting sends Docker Hub's, when
     *     this registry's own store holds no repository of that name; one upstream at most
     */
    public record Upstream(String name, URI url, String username, String password, List<String> include,
                           List<String> exclude, Duration tagTtl, Duration connectTimeout, Duration readTimeout,
                           Duration requestTimeout, boolean bareNames) {
        private static final Pattern HOST = Pattern.compile(
                "[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?");
        private static final Pattern GLOB = Pattern.compile("[a-z0-9._*-]+(?:/[a-z0-9._*-]+)*");
        private static final Set<String> DOCKER_HUB_NAMES = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");
        private static final AntPathMatcher GLOBS = new AntPathMatcher("/");

        public Upstream {
            if (name == null || name.length() > 255 || !HOST.matcher(name).matches()) {
                throw new IllegalArgumentException("berth.mirror.upstreams[].name must be a lowercase host[:port]: " + name);
            }
            url = checkedUrl(name, url);
            username = username == null || username.isEmpty() ? null : username;
            password = password == null || password.isEmpty() ? null : password;
            if ((username == null) != (password == null)) {
                throw new IllegalArgumentException("upstream " + name + ": give both username and password, or neither");
            }
            if (username != null && (username.contains(":") || hasControl(username) || hasControl(password))) {
                throw new IllegalArgumentException("upstream " + name + ": the username cannot hold ':' or control characters");
            }
            include = globs(name, "include", include);
            exclude = globs(name, "exclude", exclude);
            tagTtl = tagTtl == null ? Duration.ofMinutes(5) : tagTtl;
            if (tagTtl.isNegative()) {
                throw new IllegalArgumentException("upstream " + name + ": tag-ttl cannot be negative: " + tagTtl);
            }
            connectTimeout = positive(name, "connect-timeout", connectTimeout, Duration.ofSeconds(5));
            readTimeout = positive(name, "read-timeout", readTimeout, Duration.ofSeconds(30));
            requestTimeout = positive(name, "request-timeout", requestTimeout, Duration.ofSeconds(60));
        }

        /** An upstream with every optional setting at its default. */
        public static Upstream of(String name, URI url) {
            return new Upstream(name, url, null, null, null, null, null, null, null, null, false);
        }

        public Upstream withCredentials(String newUsername, String newPassword) {
            return new Upstream(name, url, newUsername, newPassword, include, exclude, tagTtl, connectTimeout,
                    readTimeout, requestTimeout, bareNames);
        }

        public Upstream withTimeouts(Duration newConnectTimeout, Duration newReadTimeout, Duration newRequestTimeout) {
            return new Upstream(name, url, username, password, include, exclude, tagTtl, newConnectTimeout,
                    newReadTimeout, newRequestTimeout, bareNames);
        }

        public Upstream withTagTtl(Duration newTagTtl) {
            return new Upstream(name, url, username, password, include, exclude, newTagTtl, connectTimeout,
                    readTimeout, requestTimeout, bareNames);
        }

        public Upstream withBareNames(boolean newBareNames) {
            return new Upstream(name, url, username, password, include, exclude, tagTtl, connectTimeout,
                    readTimeout, requestTimeout, newBareNames);
        }

        /**
         * The first component of the repository names that address this upstream by path, such as
         * {@code docker.io} in {@code docker.io/library/alpine}: the name, with {@code _} for the
         * {@code :} of a port, which repository names cannot hold.
         */
        public String pathPrefix() {
            return name.replace(':', '_');
        }

        public boolean hasCredentials() {
            return username != null;
        }

        /** Whether Docker Hub's rules apply: one-component names live under {@code library/}. */
        public boolean isDockerHub() {
            return DOCKER_HUB_NAMES.contains(name);
        }

        /** Whether a repository, named as the upstream names it (Docker Hub's with {@code library/}), is mirrored. */
        public boolean mirrors(String repository) {
            boolean included = include.isEmpty() || include.stream().anyMatch(glob -> GLOBS.match(glob, repository));
            return included && exclude.stream().noneMatch(glob -> GLOBS.match(glob, repository));
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return "Upstream[name=" + name + ", url=" + url + ", username=" + username
                    + ", password=" + (password == null ? "none" : "(hidden)") + ", include=" + include
                    + ", exclude=" + exclude + ", tagTtl=" + tagTtl + ", connectTimeout=" + connectTimeout
                    + ", readTimeout=" + readTimeout + ", requestTimeout=" + requestTimeout + ", bareNames=" + bareNames + "]";
        }

        private static URI checkedUrl(String name, URI url) {
            if (url == null) {
                throw new IllegalArgumentException("upstream " + name + ": url is required");
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                throw new IllegalArgumentException("upstream " + name + ": url must be an http(s) URL with a host: " + url);
            }
            if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null
                    || url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")) {
                throw new IllegalArgumentException("upstream " + name
                        + ": url is the registry's root (scheme, host, port), without user, path, query or fragment: " + url);
            }
            return URI.create(scheme + "://" + url.getRawAuthority());
        }

        private static List<String> globs(String name, String what, List<String> globs) {
            if (globs == null) {
                return List.of();
            }
            for (String glob : globs) {
                if (glob == null || !GLOB.matcher(glob).matches()) {
                    throw new IllegalArgumentException("upstream " + name + ": " + what
                            + " globs are repository names with * and **: " + glob);
                }
            }
            return List.copyOf(globs);
        }

        private static Duration positive(String name, String what, Duration value, Duration fallback) {
            Duration result = value == null ? fallback : value;
            if (result.isNegative() || result.isZero()) {
                throw new IllegalArgumentException("upstream " + name + ": " + what + " must be positive: " + result);
            }
            return result;
        }

        private static boolean hasControl(String value) {
            return value.chars().anyMatch(Character::isISOControl);
        }
    }

    /**
     * A tree another mirror of the group publishes on IPFS, read before asking an upstream.
     *
     * @param tree {@code /ipns/<key or DNSLink domain>} or {@code /ipfs/<root cid>}
     */
    public record PeerTree(String tree) {
        private static final Pattern TREE = Pattern.compile("/(?:ipfs|ipns)/[A-Za-z0-9][A-Za-z0-9.-]{0,252}");

        public PeerTree {
            Objects.requireNonNull(tree, "berth.mirror.group[].tree");
            if (!TREE.matcher(tree).matches()) {
                throw new IllegalArgumentException("berth.mirror.group[].tree must be /ipfs/<cid> or /ipns/<name>: " + tree);
            }
        }
    }
}
