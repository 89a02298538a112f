package dev.berth.registry.ui;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.ipfs.Cid;
import dev.berth.registry.naming.RepositoryName;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What people paste to browse a tree on IPFS, turned into the repository name that reads it: a CID
 * in any common form ({@code bafy...}, {@code Qm...}, {@code /ipfs/...}, {@code ipfs://...}) becomes
 * {@code ipfs/<CIDv1>}, an IPNS key or a DNSLink domain {@code ipns/<name>}; a path after it names a
 * repository in the tree.
 */
final class RemoteAddress {
    private static final Pattern IPNS_KEY = Pattern.compile("k[0-9a-z]{50,}");

    private RemoteAddress() {
    }

    static RepositoryName parse(String input) {
        String text = input == null ? "" : input.strip();
        for (String prefix : new String[] {"ipfs://", "ipns://", "/ipfs/", "/ipns/", "ipfs/", "ipns/"}) {
            if (text.startsWith(prefix)) {
                return parse(prefix.contains("ipns"), text.substring(prefix.length()));
            }
        }
        String first = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
        return parse(first.contains(".") || IPNS_KEY.matcher(first).matches(), text);
    }

    private static RepositoryName parse(boolean ipns, String rest) {
        String trimmed = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        int slash = trimmed.indexOf('/');
        String root = slash < 0 ? trimmed : trimmed.substring(0, slash);
        String inside = slash < 0 ? "" : trimmed.substring(slash);
        if (root.isEmpty()) {
            throw RegistryException.of(ErrorCode.NAME_INVALID, "enter a CID, an IPNS name or a DNSLink domain");
        }
        if (ipns) {
            return new RepositoryName("ipns/" + root.toLowerCase(Locale.ROOT) + inside);
        }
        try {
            return new RepositoryName("ipfs/" + Cid.parse(root) + inside);
        } catch (IllegalArgumentException e) {
            throw RegistryException.of(ErrorCode.NAME_INVALID, "not a CID, an IPNS name or a DNSLink domain: " + e.getMessage(), root);
        }
    }
}
