package dev.berth.registry.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.naming.RepositoryName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A tree's repositories are listed by the kind that claims the tree's name, and by no other. */
class RepositoriesInTreesTest {
    /** What the kinds hand out does not matter here: only who claims the name. */
    private static final Repository ANY = new Repository() {
        @Override
        public RepositoryName name() {
            return new RepositoryName("any");
        }

        @Override
        public boolean allows(Operation operation) {
            return false;
        }

        @Override
        public Blobs blobs() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Uploads uploads() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Manifests manifests() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Tags tags() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Referrers referrers() {
            throw new UnsupportedOperationException();
        }
    };

    /** Claims {@code trees/...} and lists two repositories in every tree. */
    private static final RepositoryKind TREES = new RepositoryKind() {
        @Override
        public Optional<Repository> locate(RepositoryName name) {
            return name.value().startsWith("trees/") ? Optional.of(ANY) : Optional.empty();
        }

        @Override
        public Optional<List<RepositoryName>> repositoriesIn(RepositoryName tree, int limit) {
            return Optional.of(List.of(new RepositoryName(tree + "/a"), new RepositoryName(tree + "/b")).subList(0, Math.min(2, limit)));
        }
    };
    private static final RepositoryKind EVERYTHING_ELSE = name -> Optional.of(ANY);

    private final RepositoryLocator locator = new RepositoryLocator(List.of(TREES, EVERYTHING_ELSE));

    @Test
    void theClaimingKindListsTheTree() {
        assertThat(locator.repositoriesIn(new RepositoryName("trees/one"), 10)).contains(
                List.of(new RepositoryName("trees/one/a"), new RepositoryName("trees/one/b")));
        assertThat(locator.repositoriesIn(new RepositoryName("trees/one"), 1).orElseThrow()).hasSize(1);
    }

    @Test
    void aKindWithoutTreesListsNothingAndLaterKindsAreNotAsked() {
        assertThat(locator.repositoriesIn(new RepositoryName("library/alpine"), 10)).isEmpty();
        assertThat(new RepositoryLocator(List.of()).repositoriesIn(new RepositoryName("trees/one"), 10)).isEmpty();
    }
}
