package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.store.Records.TagRecord;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.Tags;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * {@link Tags} of private repositories: one sealed record per tag holding its name and digest,
 * stored under the tag's keyed hash, replaced in one step.
 */
public final class PrivateTags implements Tags {
    private static final Logger log = LoggerFactory.getLogger(PrivateTags.class);

    private final PrivateTree tree;
    private final ApplicationEventPublisher events;

    PrivateTags(PrivateTree tree, ApplicationEventPublisher events) {
        this.tree = tree;
        this.events = events;
    }

    @Override
    public Optional<Digest> get(RepositoryName repository, Tag tag) {
        for (RepositoryFolder folder : tree.folders(repository)) {
            String path = folder.tag(tag);
            Optional<byte[]> record = tree.open(path, folder.tagBinding(path), "the tag " + tag + " of " + repository);
            if (record.isPresent()) {
                return Optional.of(TagRecord.decode(record.get()).digest());
            }
        }
        return Optional.empty();
    }

    @Override
    public void put(RepositoryName repository, Tag tag, Digest digest) {
        RepositoryFolder home = tree.home(repository);
        String path = home.tag(tag);
        tree.seal(path, home.tagBinding(path), tree.mode(repository), new TagRecord(tag, digest).encode());
        tree.ensureNamed(home);
    }

    @Override
    public void delete(RepositoryName repository, Tag tag) {
        boolean deleted = false;
        for (RepositoryFolder folder : tree.folders(repository)) {
            deleted |= tree.storage().delete(folder.tag(tag));
        }
        if (!deleted) {
            throw RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "no tag " + tag + " in repository " + repository, tag.value());
        }
        log.atInfo().setMessage("private tag deleted")
                .addKeyValue("repository", repository.toString())
                .addKeyValue("tag", tag.value())
                .log();
        events.publishEvent(new PrivateTreeChanged());
    }

    @Override
    public Page list(RepositoryName repository, PageRequest request) {
        boolean known = false;
        SortedSet<String> names = new TreeSet<>();
        for (RepositoryFolder folder : tree.folders(repository)) {
            if (!tree.storage().exists(folder.path())) {
                continue;
            }
            known = true;
            for (String path : tree.storage().list(folder.tags())) {
                tree.open(path, folder.tagBinding(path), "a tag of " + repository)
                        .ifPresent(record -> names.add(TagRecord.decode(record).tag().value()));
            }
        }
        if (!known) {
            throw RegistryException.of(ErrorCode.NAME_UNKNOWN, "repository " + repository + " is not known", repository.value());
        }
        return request.apply(names.stream().toList());
    }
}
