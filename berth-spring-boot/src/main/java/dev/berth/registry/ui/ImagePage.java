package dev.berth.registry.ui;

import dev.berth.registry.repository.Operation;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryLocator;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;

/** One manifest or index: its platforms or config and layers, CIDs, referrers and the commands that pull it. */
@Controller
final class ImagePage {
    private final RepositoryLocator locator;
    private final ImageViews views;
    private final UiAccess access;
    private final UiProperties properties;

    ImagePage(RepositoryLocator locator, ImageViews views, UiAccess access, UiProperties properties) {
        this.locator = locator;
        this.views = views;
        this.access = access;
        this.properties = properties;
    }

    @GetMapping(UiPaths.IMAGES + "/{*reference}")
    String image(@PathVariable("reference") String path, HttpServletRequest request, Model model) {
        UiPaths.ImageAddress address = UiPaths.ImageAddress.parse(path);
        RepositoryPage.requirePull(access, address.repository());
        Repository repository = locator.locate(address.repository());
        boolean mayDelete = repository.allows(Operation.DELETE) && access.mayDelete(address.repository());
        model.addAttribute("image", views.view(address.repository(), repository, address.reference(), registryHost(request), mayDelete));
        return "berth/image";
    }

    /** How clients reach this registry: {@code berth.ui.registry-host}, or the host the browser used. */
    private String registryHost(HttpServletRequest request) {
        if (properties.registryHost() != null) {
            return properties.registryHost();
        }
        UriComponents uri = ServletUriComponentsBuilder.fromContextPath(request).build();
        String host = uri.getHost() != null && uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                ? "[" + uri.getHost() + "]" : uri.getHost();
        return uri.getPort() == -1 ? host : host + ":" + uri.getPort();
    }
}
