package dev.berth.registry.tags;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.ManifestChange;
import dev.berth.registry.repository.Tags;
import dev.berth.registry.store.RegistryStorage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * {@link Tags} of the local store: small files holding a digest, each replaced in one step so a
 * reader never sees half a tag, and beside them when each tag was last pushed.
 */
public final class StoredTags implements Tags {
    private static final Logger log = LoggerFactory.getLogger(StoredTags.class);

    private final RegistryStorage storage;
    private final ApplicationEventPublisher events;

    public StoredTags(RegistryStorage storage, ApplicationEventPublisher events) {
        this.storage = storage;
        this.events = events;
    }

    @Override
    public Optional<Digest> get(RepositoryName repository, Tag tag) {
        return storage.read(RegistryLayout.tagLink(repository, tag))
                .map(link -> Digest.parse(new String(link, StandardCharsets.UTF_8).trim()));
    }

    /** Read from the record {@link #put} writes; storage drivers cannot say when a file was written (IPFS reports the time asked). */
    @Override
    public Optional<Instant> pushedAt(RepositoryName repository, Tag tag) {
        try {
            return storage.read(RegistryLayout.tagPushed(repository, tag))
                    .map(record -> Instant.parse(new String(record, StandardCharsets.UTF_8).trim()));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty(); // a tree from elsewhere may hold anything
        }
    }

    @Override
    public void put(RepositoryName repository, Tag tag, Digest digest) {
        storage.write(RegistryLayout.tagLink(repository, tag), digest.toString().getBytes(StandardCharsets.UTF_8));
        storage.write(RegistryLayout.tagPushed(repository, tag), Instant.now().toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void delete(RepositoryName repository, Tag tag) {
        if (!storage.delete(RegistryLayout.tag(repository, tag))) {
            throw RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "no tag " + tag + " in repository " + repository, tag.value());
        }
        storage.delete(RegistryLayout.tagPushed(repository, tag));
        log.atInfo().setMessage("tag deleted")
                .addKeyValue("repository", repository.toString())
                .addKeyValue("tag", tag.value())
                .log();
        events.publishEvent(new ManifestChange.TagDeleted(repository, tag));
    }

    @Override
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
