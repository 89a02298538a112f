package dev.berth.registry.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The home page of a registry holding 1,000 repositories, over a real socket: all of them on one page,
 * and, once the first request has read the pushed repositories, later requests answered from memory
 * without a storage call, as counted by the registry's own storage metrics. How fast that is, is
 * measured by {@code ./berth bench ui} (docs/benchmarks/ui.md), not here.
 */
@SpringBootTest(classes = HomePageOfAThousandRepositoriesTest.Registry.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // a list older than the refresh is read again in the background; an hour keeps that out of this test on a slow machine
        properties = {"berth.ui.page-size=1000", "berth.ui.index-refresh=1h"})
class HomePageOfAThousandRepositoriesTest {
    private static final int REPOSITORIES = 1000;
    private static final int LATER_REQUESTS = 50;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void listsAllOnOnePageAndServesLaterRequestsWithoutReadingStorage() throws Exception {
        push(REPOSITORIES);
        Browserless browser = new Browserless(port);

        long beforeFirst = storageOperations();
        HttpResponse<String> first = browser.get("/");
        long afterFirst = storageOperations();
        assertListsEveryRepositoryOnOnePage(first);
        assertThat(afterFirst - beforeFirst).as("storage operations of the first request, which reads the pushed repositories")
                .isPositive();

        for (int i = 0; i < LATER_REQUESTS; i++) {
            assertListsEveryRepositoryOnOnePage(browser.get("/"));
        }
        assertThat(storageOperations() - afterFirst).as("storage operations of %d later requests", LATER_REQUESTS).isZero();
    }

    private static void assertListsEveryRepositoryOnOnePage(HttpResponse<String> page) {
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(html).contains("href=\"/repositories/speed/r0000\"", "href=\"/repositories/speed/r0999\"")
                .contains("<span class=\"count\">1000</span>")
                .doesNotContain("rel=\"next\"");
        assertThat(html.split("<tr", -1)).hasSize(REPOSITORIES + 2); // the header row, then one per repository
    }

    /** Every call the registry made to its storage driver so far, of any kind and outcome. */
    private long storageOperations() {
        return meters.find("berth.storage.operations").timers().stream().mapToLong(Timer::count).sum();
    }

    /** One small image per repository, pushed side by side. */
    private void push(int count) throws Exception {
        TestImages images = new TestImages(port);
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<?>> pushes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String repository = "speed/r%04d".formatted(i);
                pushes.add(threads.submit(() -> images.image(repository, "v1", "amd64", "layer of " + repository)));
            }
            for (Future<?> push : pushes) {
                push.get();
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Registry {
    }
}
