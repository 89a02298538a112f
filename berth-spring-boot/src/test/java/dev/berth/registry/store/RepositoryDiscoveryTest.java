package dev.berth.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.catalog.StoredCatalog;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.storage.FileInfo;
import dev.berth.storage.FileWriter;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.inmemory.InMemoryDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RepositoryDiscoveryTest {
    /** Names where path order and name order differ: {@code -} and {@code .} sort before {@code /}. */
    private static final List<String> NAMES = List.of("a", "a-b", "a.b", "a/b", "a/b-c", "a/b/c", "a/b.c", "a0", "a_b", "b",
            "b/a/a/a", "b/a-a", "c-d/e", "c/d", "z/y/x/w");

    private final CountingDriver driver = new CountingDriver(new InMemoryDriver());
    private final RegistryStorage storage = new RegistryStorage(driver, new SimpleMeterRegistry());
    private final Digest layer = Digest.of(DigestAlgorithm.SHA256, "layer".getBytes(StandardCharsets.UTF_8));

    @Test
    void everyPageIsTheSortedNamesAfterLastWhateverTheOrderOfTheWalk() {
        NAMES.forEach(this::repository);
        List<String> sorted = NAMES.stream().sorted().toList();
        List<String> lasts = new ArrayList<>(sorted);
        lasts.addAll(List.of("", "a/", "a/b/", "a/c", "b/", "b/a", "c", "zz", "0", "a-", "a/b/c/d"));
        for (String last : lasts) {
            for (int n = 0; n <= NAMES.size() + 1; n++) {
                PageRequest request = PageRequest.parse(Integer.toString(n), last);
                Page page = new StoredCatalog(storage).list(request);
                assertThat(page).as("n=%d last=%s", n, last).isEqualTo(request.apply(sorted));
            }
        }
        assertThat(new StoredCatalog(storage).list(PageRequest.all()).entries()).isEqualTo(sorted);
    }

    @Test
    void aSmallPageEntersOnlyTheFoldersThatCanHoldItsNames() {
        for (int i = 0; i < 200; i++) {
            repository("team-%03d/app/service".formatted(i));
        }
        driver.lists.set(0);
        assertThat(new StoredCatalog(storage).list(PageRequest.parse("1", null)).entries()).containsExactly("team-000/app/service");
        int firstPage = driver.lists.get();
        driver.lists.set(0);
        assertThat(new StoredCatalog(storage).list(PageRequest.parse("2", "team-150/app/service")).entries())
                .containsExactly("team-151/app/service", "team-152/app/service");
        int laterPage = driver.lists.get();
        driver.lists.set(0);
        assertThat(new StoredCatalog(storage).list(PageRequest.all()).entries()).hasSize(200);
        int everything = driver.lists.get();
        assertThat(everything).isGreaterThan(600);
        assertThat(firstPage).as("folders listed for n=1").isLessThan(10);
        assertThat(laterPage).as("folders listed for n=2 after team-150").isLessThan(15);
    }

    @Test
    void aWalkPastItsBoundsFailsInsteadOfGoingOn() {
        for (int i = 0; i < 30; i++) {
            repository("wide/r" + i);
        }
        assertThat(RepositoryDiscovery.find(storage, 2, new RepositoryDiscovery.Bounds(1000, Optional.of(Duration.ofMinutes(1)))))
                .extracting(RepositoryName::value).containsExactly("wide/r0", "wide/r1");
        assertThatThrownBy(() -> RepositoryDiscovery.find(storage, 2, new RepositoryDiscovery.Bounds(20, Optional.empty())))
                .isInstanceOf(RepositoryDiscovery.TooLarge.class).hasMessageContaining("more than 20 entries");
        driver.delay = Duration.ofMillis(20);
        assertThatThrownBy(() -> RepositoryDiscovery.find(storage, 2, new RepositoryDiscovery.Bounds(1000, Optional.of(Duration.ofMillis(100)))))
                .isInstanceOf(RepositoryDiscovery.TooLarge.class).hasMessageContaining("took longer than");
    }

    @Test
    void foldersThatNoRepositoryNameCanBeAreNotEntered() throws IOException {
        repository("ok/app");
        storage.write(RegistryLayout.REPOSITORIES + "/Upper/app/_manifests/x", new byte[1]);
        storage.write(RegistryLayout.REPOSITORIES + "/_manifests/x", new byte[1]);
        storage.write(RegistryLayout.REPOSITORIES + "/" + "d/".repeat(200) + "app/_layers/x", new byte[1]);
        driver.lists.set(0);
        assertThat(RepositoryDiscovery.find(storage, 10)).extracting(RepositoryName::value).containsExactly("ok/app");
        assertThat(driver.lists.get()).as("folders listed").isLessThan(140);
    }

    private void repository(String name) {
        storage.write(RegistryLayout.layerLink(new RepositoryName(name), layer), layer.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Counts the folders listed, and can make every stat slow. */
    private static final class CountingDriver implements StorageDriver {
        final AtomicInteger lists = new AtomicInteger();
        volatile Duration delay = Duration.ZERO;
        private final StorageDriver driver;

        CountingDriver(StorageDriver driver) {
            this.driver = driver;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public InputStream reader(String path, long offset) throws IOException {
            return driver.reader(path, offset);
        }

        @Override
        public FileWriter writer(String path, boolean append) throws IOException {
            return driver.writer(path, append);
        }

        @Override
        public FileInfo stat(String path) throws IOException {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return driver.stat(path);
        }

        @Override
        public List<String> list(String path) throws IOException {
            lists.incrementAndGet();
            return driver.list(path);
        }

        @Override
        public void move(String sourcePath, String destPath) throws IOException {
            driver.move(sourcePath, destPath);
        }

        @Override
        public void delete(String path) throws IOException {
            driver.delete(path);
        }
    }
}
