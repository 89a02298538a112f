package dev.berth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;

/**
 * The home page listing every repository on one page, as a browser asks for it: the first request
 * after the pushes, then {@value #WARM_UP} untimed ones, then {@value #TIMED} timed ones one after
 * the other (p50 and p99). Every answer must be 200 and list every repository with no next page.
 */
final class HomePageTimes {
    static final int WARM_UP = 20;
    static final int TIMED = 50;
    private static final int PAGE_LIMIT = 16 << 20;
    private static final Duration FIRST_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final String ROW = "<th scope=\"row\">";

    private HomePageTimes() {}

    static Metric first(int repositories) {
        return Metric.millis("home page of " + repositories + " repositories, first request after the pushes");
    }

    static Metric percentile(int repositories, int p) {
        return Metric.millis("home page of " + repositories + " repositories, p" + p + " of " + TIMED + " after " + WARM_UP + " untimed");
    }

    static Metric push(int repositories) {
        return Metric.seconds("push of " + repositories + " repositories, " + UiRepositories.PUSHERS + " at a time");
    }

    /**
     * Asks for the home page of the still empty registry, untimed, so that the first timed request
     * does not include parsing the page's template, which any registry in use has long done.
     */
    static void visitEmpty(HttpClient http, URI registry) throws IOException {
        Http.Reply page = Http.send(http, get(registry.resolve("/"), FIRST_TIMEOUT), PAGE_LIMIT);
        if (page.status() != 200 || page.text().contains(ROW)) {
            throw new IllegalStateException("the home page of an empty registry answered " + page.status() + ": " + page.text());
        }
    }

    /** Times the home page and records its figures for {@code contender}; returns the page's size in bytes. */
    static int measure(HttpClient http, URI registry, int repositories, Results results, String contender) throws IOException {
        URI home = registry.resolve("/");
        long start = System.nanoTime();
        Http.Reply first = Http.send(http, get(home, FIRST_TIMEOUT), PAGE_LIMIT);
        double firstMillis = (System.nanoTime() - start) / 1e6;
        check(first, repositories);
        results.add(first(repositories), contender, firstMillis);

        HttpRequest request = get(home, TIMEOUT);
        double[] millis = new double[TIMED];
        for (int i = 0; i < WARM_UP + TIMED; i++) {
            long sent = System.nanoTime();
            Http.Reply reply = Http.send(http, request, PAGE_LIMIT);
            long nanos = System.nanoTime() - sent;
            check(reply, repositories);
            if (i >= WARM_UP) {
                millis[i - WARM_UP] = nanos / 1e6;
            }
        }
        results.add(percentile(repositories, 50), contender, Stats.percentile(millis, 50));
        results.add(percentile(repositories, 99), contender, Stats.percentile(millis, 99));
        return first.body().length;
    }

    /** That the page lists every repository, the first and the last by their links, and offers no next page. */
    static void check(Http.Reply page, int repositories) {
        String html = page.text();
        String firstLink = "href=\"/repositories/" + UiRepositories.name(0) + "\"";
        String lastLink = "href=\"/repositories/" + UiRepositories.name(repositories - 1) + "\"";
        int rows = html.split(ROW, -1).length - 1;
        if (page.status() != 200 || rows != repositories || !html.contains(firstLink) || !html.contains(lastLink)
                || html.contains("rel=\"next\"")) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "the home page answered %d with %d of %d repositories (first listed: %b, last listed: %b, a next page: %b)",
                    page.status(), rows, repositories, html.contains(firstLink), html.contains(lastLink), html.contains("rel=\"next\"")));
        }
    }

    private static HttpRequest get(URI uri, Duration timeout) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "text/html").GET().build();
    }
}
