package dev.berth.registry.ui;

import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.ipfs.publish.ImageTrees;
import dev.berth.registry.ipfs.remote.RemoteName;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.BlobInfo;
import dev.berth.registry.repository.Operation;
import dev.berth.registry.repository.Referrer;
import dev.berth.registry.repository.Repository;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import tools.jackson.databind.JsonNode;

/** Builds the image page of a manifest or index from a located repository, through its services only. */
final class ImageViews {
    private static final int CIDS_KEPT = 1024;

    private final ContentReader reader;
    private final ObjectProvider<ImageTrees> imageTrees;
    private final UiProperties properties;
    /** Image CIDs by repository, reference and manifest digest: the same image under the same reference always has the same CID. */
    private final Map<String, String> imageCids = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CIDS_KEPT;
        }
    });

    ImageViews(ContentReader reader, ObjectProvider<ImageTrees> imageTrees, UiProperties properties) {
        this.reader = reader;
        this.imageTrees = imageTrees;
        this.properties = properties;
    }

    /**
     * @param asked the name the user asked for (a remote tree's includes {@code ipfs/<cid>/})
     * @param host how clients reach this registry, for the pull commands
     */
    ImageView view(RepositoryName asked, Repository repository, Reference reference, String host, boolean mayDelete) {
        ContentReader.Read manifest = reader.manifest(repository, reference);
        Digest digest = manifest.stored().digest();
        JsonNode json = manifest.json();
        Optional<String> tag = reference instanceof Tag t ? Optional.of(t.value()) : Optional.empty();
        String kind = manifest.isIndex() ? "index" : manifest.isImage() ? "image" : "artifact";
        Optional<String> artifactType = Json.text(json, "artifactType")
                .or(() -> kind.equals("artifact") ? Json.object(json, "config").flatMap(c -> Json.text(c, "mediaType")) : Optional.empty());
        Optional<ImageView.SubjectLink> subject = Json.object(json, "subject").flatMap(s -> Json.text(s, "digest"))
                .flatMap(ContentReader::digest).map(d -> new ImageView.SubjectLink(d.toString(), UiPaths.image(asked, d)));
        Optional<String> imageCid = imageCid(asked, repository, reference, digest);
        return new ImageView(asked.value(), UiPaths.repository(asked), reference.toString(), tag, digest.toString(),
                manifest.stored().mediaType().value(), manifest.stored().content().length, manifest.stored().contentId().map(this::link),
                kind, artifactType, subject, children(asked, json), reader.config(repository, manifest).map(ImageViews::config),
                layers(repository, json), referrers(asked, repository, digest), imageCid.map(this::link), imageCidNote(asked, repository),
                PullCommands.of(host, asked, reference, imageCid), !repository.allows(Operation.DELETE), mayDelete);
    }

    private ImageView.CidLink link(String cid) {
        return new ImageView.CidLink(cid, properties.gatewayLink(cid));
    }

    private static List<ImageView.Child> children(RepositoryName asked, JsonNode json) {
        return Json.array(json, "manifests").stream().flatMap(child -> Json.text(child, "digest").flatMap(ContentReader::digest).stream()
                .map(digest -> new ImageView.Child(Platform.of(child.get("platform")).map(Platform::toString).orElse("unknown"),
                        digest.toString(), Json.text(child, "mediaType").orElse(""), Json.number(child, "size"),
                        UiPaths.image(asked, digest)))).toList();
    }

    private static ImageView.Config config(JsonNode config) {
        JsonNode runtime = config.get("config");
        List<ImageView.HistoryStep> history = Json.array(config, "history").stream()
                .map(step -> new ImageView.HistoryStep(Json.text(step, "created").flatMap(ImageViews::instant),
                        Json.text(step, "created_by").or(() -> Json.text(step, "comment")).orElse(""),
                        step.has("empty_layer") && step.get("empty_layer").asBoolean()))
                .toList();
        return new ImageView.Config(Json.text(config, "created").flatMap(ImageViews::instant), Platform.of(config).map(Platform::toString),
                Json.strings(runtime, "Entrypoint"), Json.strings(runtime, "Cmd"), Json.strings(runtime, "Env"),
                Json.text(runtime, "WorkingDir"), Json.text(runtime, "User"), history);
    }

    /** The config and layers, each with the CID the store keeps it under (one look-up each, side by side). */
    private List<ImageView.Layer> layers(Repository repository, JsonNode json) {
        List<JsonNode> descriptors = new ArrayList<>();
        Json.object(json, "config").ifPresent(descriptors::add);
        descriptors.addAll(Json.array(json, "layers"));
        return Parallel.map(descriptors, descriptor -> {
            Optional<Digest> digest = Json.text(descriptor, "digest").flatMap(ContentReader::digest);
            Optional<ImageView.CidLink> cid = digest.flatMap(d -> repository.blobs().stat(repository.name(), d))
                    .flatMap(BlobInfo::contentId).map(this::link);
            return new ImageView.Layer(digest.map(Digest::toString).orElse("?"), Json.number(descriptor, "size"),
                    Json.text(descriptor, "mediaType").orElse(""), cid);
        });
    }

    private static List<ImageView.ReferrerGroup> referrers(RepositoryName asked, Repository repository, Digest digest) {
        Map<String, List<ImageView.Referrer>> byType = repository.referrers().list(repository.name(), digest, Optional.empty()).stream()
                .collect(Collectors.groupingBy(referrer -> referrer.artifactType().orElse(referrer.mediaType().value()), TreeMap::new,
                        Collectors.mapping(referrer -> new ImageView.Referrer(referrer.digest().toString(), referrer.size(), created(referrer),
                                UiPaths.image(asked, referrer.digest())), Collectors.toList())));
        return byType.entrySet().stream().map(entry -> new ImageView.ReferrerGroup(entry.getKey(), entry.getValue())).toList();
    }

    private static Optional<String> created(Referrer referrer) {
        return referrer.annotations().flatMap(annotations -> Json.text(annotations, "org.opencontainers.image.created"));
    }

    /** This registry's own images get a CID of their own (ImageTrees, IPFS only); trees elsewhere are pulled by theirs. */
    private Optional<String> imageCid(RepositoryName asked, Repository repository, Reference reference, Digest digest) {
        ImageTrees trees = imageTrees.getIfAvailable();
        if (trees == null || RemoteName.isReserved(asked) || !repository.allows(Operation.PUSH)) {
            return Optional.empty();
        }
        String key = asked + "|" + reference + "|" + digest;
        String known = imageCids.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            String cid = trees.build(asked, reference).cid();
            imageCids.put(key, cid);
            return Optional.of(cid);
        } catch (RegistryException | IOException notOnIpfs) {
            return Optional.empty();
        }
    }

    private static Optional<String> imageCidNote(RepositoryName asked, Repository repository) {
        return RemoteName.isReserved(asked) ? Optional.of("This image is read from the IPFS tree named in its repository; pull it by that name.")
                : Optional.empty();
    }

    /** Go's zero time, which tools write when they set no time. */
    private static final Instant UNSET = Instant.parse("0001-01-01T00:00:00Z");

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text)).filter(instant -> !instant.equals(UNSET));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
