package dev.berth.registry.ui;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.Operation;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryLocator;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code POST /delete}: a tag (its manifest stays) or a manifest by digest (with the tags pointing at
 * it), as the API's DELETEs do, for users with the delete right on a repository that allows it. The
 * form carries the CSRF token; back to the repository page with what was done.
 */
@Controller
final class DeleteAction {
    private final RepositoryLocator locator;
    private final UiAccess access;

    DeleteAction(RepositoryLocator locator, UiAccess access) {
        this.locator = locator;
        this.access = access;
    }

    @PostMapping(UiPaths.DELETE)
    String delete(@RequestParam("repository") String name, @RequestParam(name = "tag", required = false) String tag,
                  @RequestParam(name = "digest", required = false) String digest, RedirectAttributes flash) {
        RepositoryName asked = new RepositoryName(name);
        Repository repository = locator.locate(asked);
        if (!repository.allows(Operation.DELETE) || !access.mayDelete(asked)) {
            throw RegistryException.of(ErrorCode.DENIED, "you may not delete in " + asked, asked.value());
        }
        if (tag != null && !tag.isEmpty()) {
            repository.tags().delete(repository.name(), new Tag(tag));
            flash.addFlashAttribute("done", "Deleted the tag " + tag + "; its manifest stays until garbage collection finds it unused.");
        } else if (digest != null && !digest.isEmpty()) {
            repository.manifests().delete(repository.name(), Digest.parse(digest));
            flash.addFlashAttribute("done", "Deleted the manifest " + digest + " and the tags that pointed at it.");
        } else {
            throw RegistryException.of(ErrorCode.NAME_INVALID, "say which tag or digest to delete");
        }
        return "redirect:" + UiPaths.repository(asked);
    }
}
