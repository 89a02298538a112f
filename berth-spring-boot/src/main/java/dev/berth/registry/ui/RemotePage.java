package dev.berth.registry.ui;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.RepositoryLocator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Browsing a tree published on IPFS by its CID, IPNS name or DNSLink domain: its repositories, each
 * opening the same repository and image pages as this registry's own, read-only, since they are
 * repositories named {@code ipfs/<cid>/...} or {@code ipns/<name>/...} located like any other.
 */
@Controller
final class RemotePage {
    private static final int LISTED = 1000;

    private final RepositoryLocator locator;
    private final UiAccess access;

    RemotePage(RepositoryLocator locator, UiAccess access) {
        this.locator = locator;
        this.access = access;
    }

    record Row(String name, String url) {}

    @GetMapping(UiPaths.REMOTE)
    String remote(@RequestParam(name = "address", required = false) String address, Model model) {
        model.addAttribute("address", address == null ? "" : address.strip());
        model.addAttribute("tree", Optional.empty());
        model.addAttribute("rows", List.of());
        model.addAttribute("problem", Optional.empty());
        if (address == null || address.isBlank()) {
            return "berth/remote";
        }
        try {
            RepositoryName tree = RemoteAddress.parse(address);
            List<RepositoryName> found = locator.repositoriesIn(tree, LISTED).orElseThrow(() -> RegistryException.of(ErrorCode.NAME_UNKNOWN,
                    "this registry cannot read trees on IPFS (its storage is not IPFS)", tree.value()));
            model.addAttribute("tree", Optional.of(tree.value()));
            model.addAttribute("rows", found.stream().filter(access::mayPull)
                    .map(name -> new Row(name.value(), UiPaths.repository(name))).toList());
        } catch (RegistryException e) {
            model.addAttribute("problem", Optional.of(UiAdvice.safeMessage(e.getMessage())));
        }
        return "berth/remote";
    }
}
