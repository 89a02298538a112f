package dev.berth.registry.mirror.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.AntPathMatcher;

/**
 * {@code berth.mirror.*}: the upstream registries this registry mirrors, pulling through on a miss,
 * and the peer trees of a group of mirrors.
 *
 * @param upstreams the upstream registries, each under the host name clients use for it; names are unique
 * @param group the published trees of other mirrors of the same group
 */
@ConfigurationProperties("berth.mirror")
public record UpstreamProperties(List<Upstream> upstreams, List<PeerTree> group) {

    public UpstreamProperties {
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        group = group == null ? List.of() : List.copyOf(group);
        Set<String> names = new HashSet<>();
        for (Upstream upstream : upstreams) {
            if (!names.add(upstream.name())) {
                throw new IllegalArgumentException("berth.mirror.upstreams names " + upstream.name() + " twice");
            }
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
     * @param include globs over repository names (as clients name them) that are mirrored: {@code *}
     *     within one path component, {@code **} across components; none means every repository
     * @param exclude globs over repository names that are not mirrored, even when included
     * @param tagTtl how long a tag's manifest is served before it is checked again with a HEAD
     * @param connectTimeout the longest wait for a TCP (and TLS) connection
     * @param readTimeout the longest wait for a response to start and, while a body streams, for its next bytes
     * @param requestTimeout the longest whole exchange for replies read at once (pings, tokens,
     *     manifests, tag lists); blob streams are bounded by {@code readTimeout} per wait instead
     */
    public record Upstream(String name, URI url, String username, String password, List<String> include,
                           List<String> exclude, Duration tagTtl, Duration connectTimeout, Duration readTimeout,
                           Duration requestTimeout) {
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
            return new Upstream(name, url, null, null, null, null, null, null, null, null);
        }

        public Upstream withCredentials(String newUsername, String newPassword) {
            return new Upstream(name, url, newUsername, newPassword, include, exclude, tagTtl, connectTimeout,
                    readTimeout, requestTimeout);
        }

        public Upstream withTimeouts(Duration newConnectTimeout, Duration newReadTimeout, Duration newRequestTimeout) {
            return new Upstream(name, url, username, password, include, exclude, tagTtl, newConnectTimeout,
                    newReadTimeout, newRequestTimeout);
        }

        public boolean hasCredentials() {
            return username != null;
        }

        /** Whether Docker Hub's rules apply: one-component names live under {@code library/}. */
        public boolean isDockerHub() {
            return DOCKER_HUB_NAMES.contains(name);
        }

        /** Whether a repository, named as clients name it below this upstream, is mirrored. */
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
                    + ", readTimeout=" + readTimeout + ", requestTimeout=" + requestTimeout + "]";
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
