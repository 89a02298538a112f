package dev.berth.registry.ui;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Everything the image page shows of one manifest or index. */
record ImageView(
        String repository,
        String repositoryUrl,
        String reference,
        Optional<String> tag,
        String digest,
        String mediaType,
        long manifestSize,
        Optional<CidLink> manifestCid,
        String kind,
        Optional<String> artifactType,
        Optional<SubjectLink> subject,
        List<Child> children,
        Optional<Config> config,
        List<Layer> layers,
        List<ReferrerGroup> referrers,
        Optional<CidLink> imageCid,
        Optional<String> imageCidNote,
        List<PullCommands.Command> pulls,
        boolean readOnly,
        boolean mayDelete) {

    /** A CID, and where the configured gateway serves it. */
    record CidLink(String cid, Optional<String> url) {}

    /** The manifest a referrer refers to. */
    record SubjectLink(String digest, String url) {}

    /** An image of an index, with the page it has of its own. */
    record Child(String platform, String digest, String mediaType, long size, String url) {}

    /** An image config's runtime settings and history. */
    record Config(Optional<Instant> created, Optional<String> platform, List<String> entrypoint, List<String> command,
                  List<String> environment, Optional<String> workingDir, Optional<String> user, List<HistoryStep> history) {}

    /** One step of the build that made the image. */
    record HistoryStep(Optional<Instant> created, String createdBy, boolean emptyLayer) {}

    /** A layer or other blob of the manifest. */
    record Layer(String digest, long size, String mediaType, Optional<CidLink> cid) {}

    /** The referrers of one artifact type: signatures, SBOMs, attestations. */
    record ReferrerGroup(String artifactType, List<Referrer> referrers) {}

    record Referrer(String digest, long size, Optional<String> created, String url) {}
}
