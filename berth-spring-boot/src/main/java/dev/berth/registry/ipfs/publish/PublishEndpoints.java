package dev.berth.registry.ipfs.publish;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What Berth publishes on IPFS. {@code GET /berth/v1/root}: the CID of the registry's whole
 * published tree (any IPFS node or gateway serves it), and with IPNS publishing its name, the
 * DNSLink TXT value to set and the last publish. {@code GET /berth/v1/images/<name>/<tag or digest>}:
 * the CID of that image alone and the repository name to pull it by.
 */
@RestController
class PublishEndpoints {
    private static final String IMAGES = "/berth/v1/images/";

    private final ObjectProvider<PublishedRoot> root;
    private final ObjectProvider<IpnsPublisher> ipns;
    private final ObjectProvider<ImageTrees> images;

    /** Each part is absent without storage-ipfs on the classpath; this class names no IPFS type. */
    PublishEndpoints(ObjectProvider<PublishedRoot> root, ObjectProvider<IpnsPublisher> ipns, ObjectProvider<ImageTrees> images) {
        this.root = root;
        this.ipns = ipns;
        this.images = images;
    }

    /** The root; {@code ipns}, {@code dnslink} and {@code published} only with IPNS publishing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Root(String cid, String path, String ipns, String dnslink, IpnsPublisher.Published published) {
    }

    @GetMapping(path = "/berth/v1/root", produces = "application/json")
    Root root() throws IOException {
        String cid = available(root).cid();
        IpnsPublisher publisher = ipns.getIfAvailable();
        if (publisher == null) {
            return new Root(cid, "/ipfs/" + cid, null, null, null);
        }
        return new Root(cid, "/ipfs/" + cid, publisher.name().orElse(null), publisher.dnslink().orElse(null),
                publisher.lastPublished().orElse(null));
    }

    @GetMapping(path = IMAGES + "**", produces = "application/json")
    ImageCid image(HttpServletRequest request) throws IOException {
        String rest = request.getRequestURI().substring(request.getContextPath().length() + IMAGES.length());
        int slash = rest.lastIndexOf('/');
        if (slash <= 0) {
            throw RegistryException.of(ErrorCode.NAME_INVALID, "expected " + IMAGES + "<name>/<tag or digest>", rest);
        }
        RepositoryName repository = new RepositoryName(rest.substring(0, slash));
        Reference reference = Reference.parse(rest.substring(slash + 1));
        return available(images).build(repository, reference);
    }

    private static <T> T available(ObjectProvider<T> part) {
        T available = part.getIfAvailable();
        if (available == null) {
            throw RegistryException.of(ErrorCode.UNSUPPORTED, "publishing on IPFS needs dev.berth:storage-ipfs");
        }
        return available;
    }
}
