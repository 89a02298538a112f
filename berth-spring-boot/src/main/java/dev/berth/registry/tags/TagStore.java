package dev.berth.registry.tags;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.layout.RegistryStorage;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/** Tags: small files holding a digest, each replaced in one step so a reader never sees half a tag. */
@Service
public class TagStore {
    private final RegistryStorage storage;

    public TagStore(RegistryStorage storage) {
        this.storage = storage;
    }

    public Optional<Digest> find(RepositoryName repository, Tag tag) {
        return storage.read(RegistryLayout.tagLink(repository, tag))
                .map(link -> Digest.parse(new String(link, StandardCharsets.UTF_8).trim()));
    }

    public Digest resolve(RepositoryName repository, Tag tag) {
        return find(repository, tag).orElseThrow(() ->
                RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "no tag " + tag + " in repository " + repository, tag.value()));
    }

    public void point(RepositoryName repository, Tag tag, Digest digest) {
        storage.write(RegistryLayout.tagLink(repository, tag), digest.toString().getBytes(StandardCharsets.UTF_8));
    }

    public void delete(RepositoryName repository, Tag tag) {
        if (!storage.delete(RegistryLayout.tag(repository, tag))) {
            throw RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "no tag " + tag + " in repository " + repository, tag.value());
        }
    }

    /** Deletes every tag of the repository that points at the digest. */
    public void deleteAllPointingAt(RepositoryName repository, Digest digest) {
        for (String tag : names(repository)) {
            Tag candidate = new Tag(tag);
            if (find(repository, candidate).filter(digest::equals).isPresent()) {
                storage.delete(RegistryLayout.tag(repository, candidate));
            }
        }
    }

    /** The digests the repository's tags point at. */
    public Set<Digest> targets(RepositoryName repository) {
        Set<Digest> result = new HashSet<>();
        for (String tag : names(repository)) {
            find(repository, new Tag(tag)).ifPresent(result::add);
        }
        return result;
    }

    /** A page of the repository's tags in lexical order; NAME_UNKNOWN when the repository holds nothing. */
    public Page list(RepositoryName repository, PageRequest request) {
        if (!storage.exists(RegistryLayout.repository(repository))) {
            throw RegistryException.of(ErrorCode.NAME_UNKNOWN, "repository " + repository + " is not known", repository.value());
        }
        return request.apply(names(repository));
    }

    private List<String> names(RepositoryName repository) {
        return storage.list(RegistryLayout.tags(repository)).stream()
                .map(RegistryLayout::name)
                .sorted()
                .toList();
    }
}
