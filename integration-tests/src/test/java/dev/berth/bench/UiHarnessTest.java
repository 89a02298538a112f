package dev.berth.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI benchmark's own bookkeeping, which its figures rest on: options, the order of sides, the page check, the report. */
class UiHarnessTest {
    @TempDir
    Path folder;

    @Test
    void theSidesAlternateWhichGoesFirst() {
        assertEquals(List.of("AB", "BA", "AB", "BA"), IntStream.rangeClosed(1, 4).mapToObj(r -> Side.letters(UiBenchmark.order(r))).toList());
        assertThrows(IllegalArgumentException.class, () -> UiBenchmark.order(0));
    }

    @Test
    void aRunOfFewerRepositoriesThanTheStandardNeverReplacesTheCommittedFigures() {
        UiOptions standard = UiOptions.parse("--rounds", "5", "--note", "busy machine");
        assertEquals(5, standard.rounds());
        assertEquals(1000, standard.repositories());
        assertEquals(Path.of("docs/benchmarks"), standard.out());
        assertEquals("./berth bench ui --rounds 5", standard.command());
        assertEquals(Path.of("integration-tests/target/benchmarks"), UiOptions.parse("--repositories", "20").out());
        assertEquals(3, UiOptions.parse().rounds());
        assertThrows(IllegalArgumentException.class, () -> UiOptions.parse("--rounds", "0"));
        assertThrows(IllegalArgumentException.class, () -> UiOptions.parse("--repositories", "1001"));
        assertThrows(IllegalArgumentException.class, () -> UiOptions.parse("--rounds"));
        assertThrows(IllegalArgumentException.class, () -> UiOptions.parse("--quick"));
    }

    @Test
    void aPageCountsOnlyWhenItListsEveryRepositoryWithNoNextPage() {
        HomePageTimes.check(page(200, rows(3), ""), 3);
        assertThrows(IllegalStateException.class, () -> HomePageTimes.check(page(200, rows(2), ""), 3));
        assertThrows(IllegalStateException.class, () -> HomePageTimes.check(page(200, rows(3), "<a href=\"/?after=ui/r0002\" rel=\"next\">"), 3));
        assertThrows(IllegalStateException.class, () -> HomePageTimes.check(page(500, rows(3), ""), 3));
    }

    @Test
    void theReportShowsTheMedianWithMinimumAndMaximumOfEachFigureForBothSides() throws Exception {
        Results results = new Results();
        Metric p50 = HomePageTimes.percentile(1000, 50);
        for (double millis : List.of(40.0, 30.0, 90.0)) {
            results.add(p50, Side.BERTH_IPFS.label(), millis);
        }
        for (double millis : List.of(20.0, 25.0, 21.0)) {
            results.add(p50, Side.BERTH_FS.label(), millis);
        }
        results.add(HomePageTimes.first(1000), Side.BERTH_IPFS.label(), 5000);
        results.failure("round 2, Berth, filesystem driver", new IllegalStateException("the home page answered 500"));
        Path out = folder.resolve("out");

        UiReport report = new UiReport(UiOptions.parse("--out", out.toString()), "today", List.of("Load average: 9.00, 8.00, 7.00."),
                results, List.of("AB", "BA", "AB"));
        report.write(out);

        String markdown = Files.readString(out.resolve("ui.md"));
        assertTrue(markdown.contains("| " + p50.label() + " (ms) | 40.0 (30.0–90.0) | 21.0 (20.0–25.0) |"), markdown);
        assertTrue(markdown.contains("| " + HomePageTimes.first(1000).label() + " (ms) | 5000 | – |"), markdown);
        assertTrue(markdown.contains("- round 2, Berth, filesystem driver: the home page answered 500\n"), markdown);
        assertTrue(markdown.contains("- Load average: 9.00, 8.00, 7.00.\n"), markdown);
        assertTrue(markdown.contains("Reproduce: `./berth bench ui --out " + out + "`."), markdown);
        String svg = Files.readString(out.resolve("ui.svg"));
        assertTrue(svg.contains("p50 of 50 after 20 untimed"), svg);
        assertTrue(svg.contains(">40.0 ms<") && svg.contains(">21.0 ms<"), svg);
        assertTrue(!svg.contains("first request"), "a figure missing on one side is left out of the chart: " + svg);
    }

    private static String rows(int count) {
        return IntStream.range(0, count).mapToObj(i -> "<tr><th scope=\"row\"><a href=\"/repositories/" + UiRepositories.name(i)
                + "\">" + UiRepositories.name(i) + "</a></th></tr>").collect(Collectors.joining("\n"));
    }

    private static Http.Reply page(int status, String rows, String more) {
        String html = "<table><thead><tr><th scope=\"col\">Repository</th></tr></thead><tbody>" + rows + "</tbody></table>" + more;
        return new Http.Reply(status, HttpHeaders.of(Map.of(), (name, value) -> true), html.getBytes(StandardCharsets.UTF_8));
    }
}
