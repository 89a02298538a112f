package dev.berth.registry.ui;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.Operation;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryLocator;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** A repository's tags, a page at a time: digest, size, platforms and push time of each, and deletes for users who may. */
@Controller
final class RepositoryPage {
    private final RepositoryLocator locator;
    private final ImageSummaries summaries;
    private final UiAccess access;
    private final UiProperties properties;

    RepositoryPage(RepositoryLocator locator, ImageSummaries summaries, UiAccess access, UiProperties properties) {
        this.locator = locator;
        this.summaries = summaries;
        this.access = access;
        this.properties = properties;
    }

    /** One tag; its summary is empty when its manifest went between listing and reading. */
    record TagRow(String tag, String url, String digest, String digestUrl, Optional<ImageSummary> summary, String platforms,
                  Optional<Instant> pushedAt) {}

    @GetMapping(UiPaths.REPOSITORIES + "/{*name}")
    String repository(@PathVariable("name") String path, @RequestParam(name = "after", required = false) String after, Model model) {
        RepositoryName asked = UiPaths.repositoryIn(path);
        requirePull(access, asked);
        Repository repository = locator.locate(asked);
        Page page = repository.tags().list(repository.name(), new PageRequest(OptionalInt.of(properties.pageSize()), Optional.ofNullable(after)));
        List<TagRow> rows = Parallel.map(page.entries(), tag -> row(asked, repository, new Tag(tag))).stream().flatMap(Optional::stream).toList();
        model.addAttribute("repository", asked.value());
        model.addAttribute("rows", rows);
        model.addAttribute("next", page.more() && !page.entries().isEmpty() ? Optional.of(page.entries().getLast()) : Optional.empty());
        model.addAttribute("readOnly", !repository.allows(Operation.DELETE));
        model.addAttribute("mayDelete", repository.allows(Operation.DELETE) && access.mayDelete(asked));
        return "berth/repository";
    }

    private Optional<TagRow> row(RepositoryName asked, Repository repository, Tag tag) {
        Optional<Digest> digest = repository.tags().get(repository.name(), tag);
        if (digest.isEmpty()) {
            return Optional.empty(); // deleted since the listing
        }
        Optional<ImageSummary> summary;
        try {
            summary = Optional.of(summaries.of(repository, digest.get()));
        } catch (RegistryException e) {
            if (e.code() != ErrorCode.MANIFEST_UNKNOWN) {
                throw e;
            }
            summary = Optional.empty();
        }
        String platforms = summary.map(s -> s.platforms().stream().map(Platform::toString).distinct().collect(Collectors.joining(", ")))
                .orElse("");
        return Optional.of(new TagRow(tag.value(), UiPaths.image(asked, tag), digest.get().toString(), UiPaths.image(asked, digest.get()),
                summary, platforms, repository.tags().pushedAt(repository.name(), tag)));
    }

    /** The API's rule: seeing a repository takes pull on it. */
    static void requirePull(UiAccess access, RepositoryName name) {
        if (!access.mayPull(name)) {
            throw RegistryException.of(ErrorCode.DENIED, "you may not pull " + name, name.value());
        }
    }
}
