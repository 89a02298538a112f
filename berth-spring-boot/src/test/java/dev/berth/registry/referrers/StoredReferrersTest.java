package dev.berth.registry.referrers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Referrer;
import dev.berth.registry.repository.ReferrerPage;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.storage.inmemory.InMemoryDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class StoredReferrersTest {
    private static final RepositoryName REPOSITORY = new RepositoryName("app");
    private static final Digest SUBJECT = digest("subject");

    private final JsonMapper json = JsonMapper.builder().build();
    private final RegistryStorage storage = new RegistryStorage(new InMemoryDriver(), new SimpleMeterRegistry());
    private final ReferrerIndex index = new ReferrerIndex(storage, json);
    private final StoredReferrers referrers = new StoredReferrers(index);

    @Test
    void pagesHoldAtMostAThousandAndFollowedToTheEndListEveryReferrerOnceInDigestOrder() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            all.add(add(i % 2 == 0 ? "application/vnd.example.even" : "application/vnd.example.odd", 0).toString());
        }
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Optional<String> last = Optional.empty();
        do {
            ReferrerPage page = referrers.page(REPOSITORY, SUBJECT, Optional.empty(), PageRequest.parse(null, last.orElse(null)).atMost(1000));
            page.referrers().forEach(referrer -> seen.add(referrer.digest().toString()));
            sizes.add(page.referrers().size());
            last = page.next();
        } while (last.isPresent());
        assertThat(sizes).containsExactly(1000, 1000, 500);
        assertThat(seen).isEqualTo(all.stream().sorted().toList());

        ReferrerPage odd = referrers.page(REPOSITORY, SUBJECT, Optional.of("application/vnd.example.odd"), PageRequest.parse("10", null));
        assertThat(odd.referrers()).hasSize(10).allSatisfy(referrer ->
                assertThat(referrer.artifactType()).hasValue("application/vnd.example.odd"));
        assertThat(odd.next()).hasValue(odd.referrers().getLast().digest().toString());
    }

    @Test
    void aPageStopsOnceItHoldsFourMebibytesOfDescriptorsAndSaysWhereToGoOn() {
        for (int i = 0; i < 12; i++) {
            add("application/vnd.example.big", 1024 * 1024);
        }
        ReferrerPage first = referrers.page(REPOSITORY, SUBJECT, Optional.empty(), PageRequest.parse("100", null));
        assertThat(first.referrers()).hasSize(4);
        ReferrerPage second = referrers.page(REPOSITORY, SUBJECT, Optional.empty(), PageRequest.parse("100", first.next().orElseThrow()));
        assertThat(second.referrers()).hasSize(4);
        assertThat(second.referrers().getFirst().digest().toString()).isGreaterThan(first.next().orElseThrow());
    }

    @Test
    void anUnreadableDescriptorIsLeftOutAndTheRestIsListed() {
        Digest good = add("application/vnd.example.good", 0);
        Digest broken = digest("broken");
        storage.write(RegistryLayout.referrerDescriptor(REPOSITORY, SUBJECT, broken), "{\"size\":99999999999999999999}".getBytes(StandardCharsets.UTF_8));
        storage.write(RegistryLayout.referrers(REPOSITORY, SUBJECT) + "/sha256/not-a-digest/descriptor", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(referrers.page(REPOSITORY, SUBJECT, Optional.empty(), PageRequest.all()).referrers())
                .extracting(Referrer::digest).containsExactly(good);
    }

    private Digest add(String artifactType, int annotationBytes) {
        Digest referrer = digest(artifactType + Math.random());
        ObjectNode annotations = json.createObjectNode().put("note", "x".repeat(annotationBytes));
        index.add(REPOSITORY, SUBJECT, new Referrer(MediaType.OCI_MANIFEST, referrer, 100, Optional.of(artifactType), Optional.of(annotations)));
        return referrer;
    }

    private static Digest digest(String content) {
        return Digest.of(DigestAlgorithm.SHA256, content.getBytes(StandardCharsets.UTF_8));
    }
}
