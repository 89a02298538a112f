package dev.berth.registry.ui;

import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.ipfs.publish.IpnsPublisher;
import dev.berth.registry.ipfs.publish.PublishedRoot;
import dev.berth.registry.naming.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The home page: the repositories the user may pull with their tag counts and last push, a page at a
 * time; a search by repository and tag; and, for users who may see everything, the published root.
 */
@Controller
final class HomePage {
    private static final int TAG_HITS = 100;

    private final RepositoryIndex index;
    private final UiAccess access;
    private final UiProperties properties;
    private final ObjectProvider<PublishedRoot> root;
    private final ObjectProvider<IpnsPublisher> ipns;

    HomePage(RepositoryIndex index, UiAccess access, UiProperties properties, ObjectProvider<PublishedRoot> root,
             ObjectProvider<IpnsPublisher> ipns) {
        this.index = index;
        this.access = access;
        this.properties = properties;
        this.root = root;
        this.ipns = ipns;
    }

    record Row(String name, String url, int tags, Optional<Instant> lastPush) {}

    record TagHit(String repository, String tag, String url) {}

    /** The published tree: its root CID (linked to the gateway when one is set) and, with IPNS publishing, the name and the DNSLink line. */
    record Published(String cid, Optional<String> url, Optional<String> ipns, Optional<String> dnslink) {}

    @GetMapping(UiPaths.HOME)
    String home(@RequestParam(name = "q", required = false) String query, @RequestParam(name = "after", required = false) String after,
                Model model) {
        List<RepositoryIndex.Entry> visible = index.entries().stream().filter(entry -> access.mayPull(entry.name())).toList();
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        List<RepositoryIndex.Entry> matching = q.isEmpty() ? visible
                : visible.stream().filter(entry -> entry.name().value().contains(q)).toList();
        List<RepositoryIndex.Entry> page = matching.stream()
                .filter(entry -> after == null || entry.name().value().compareTo(after) > 0)
                .limit(properties.pageSize() + 1L)
                .toList();
        boolean more = page.size() > properties.pageSize();
        List<Row> rows = page.stream().limit(properties.pageSize())
                .map(entry -> new Row(entry.name().value(), UiPaths.repository(entry.name()), entry.tags().size(), entry.lastPush()))
                .toList();
        model.addAttribute("query", query == null ? "" : query.strip());
        model.addAttribute("rows", rows);
        model.addAttribute("total", matching.size());
        model.addAttribute("repositoryCount", visible.size());
        model.addAttribute("next", more ? Optional.of(rows.getLast().name()) : Optional.empty());
        model.addAttribute("tagHits", q.isEmpty() ? List.of() : tagHits(visible, q));
        model.addAttribute("published", access.mayListEverything() ? published() : Optional.empty());
        return "berth/home";
    }

    private static List<TagHit> tagHits(List<RepositoryIndex.Entry> entries, String q) {
        List<TagHit> hits = new ArrayList<>();
        for (RepositoryIndex.Entry entry : entries) {
            for (String tag : entry.tags()) {
                if (tag.toLowerCase(Locale.ROOT).contains(q)) {
                    hits.add(new TagHit(entry.name().value(), tag, UiPaths.image(entry.name(), new Tag(tag))));
                    if (hits.size() == TAG_HITS) {
                        return hits;
                    }
                }
            }
        }
        return hits;
    }

    private Optional<Published> published() {
        PublishedRoot tree = root.getIfAvailable();
        if (tree == null) {
            return Optional.empty();
        }
        String cid;
        try {
            cid = tree.currentCid(); // the page does not wait for a burst of pushes to be published
        } catch (RegistryException | IOException | UncheckedIOException notOnIpfs) {
            return Optional.empty();
        }
        IpnsPublisher publisher = ipns.getIfAvailable();
        Optional<String> name = publisher == null ? Optional.empty() : publisher.name();
        Optional<String> dnslink = publisher == null ? Optional.empty()
                : publisher.dnslink().map(value -> "_dnslink.<your domain> TXT \"" + value + "\"");
        return Optional.of(new Published(cid, properties.gatewayLink(cid), name, dnslink));
    }
}
