package dev.berth.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The speed benchmark's own arithmetic and bookkeeping, which its figures rest on. */
class SpeedHarnessTest {
    @TempDir
    Path folder;

    @Test
    void medianIsTheMiddleSampleOrTheMeanOfTheTwoMiddleOnes() {
        assertEquals(new Stats(2, 1, 9, 3), Stats.of(List.of(9.0, 1.0, 2.0)));
        assertEquals(new Stats(2.5, 1, 9, 4), Stats.of(List.of(9.0, 1.0, 2.0, 3.0)));
        assertThrows(IllegalArgumentException.class, () -> Stats.of(List.of()));
    }

    @Test
    void percentilesAreNearestRank() {
        double[] samples = new double[100];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = 100 - i; // 100 down to 1, unsorted on purpose
        }
        assertEquals(50, Stats.percentile(samples, 50));
        assertEquals(99, Stats.percentile(samples, 99));
        assertEquals(100, Stats.percentile(samples, 100));
    }

    @Test
    void overSixRoundsEverySideTakesEveryPlaceTwice() {
        for (int place = 0; place < 3; place++) {
            Map<Side, Integer> times = new EnumMap<>(Side.class);
            for (int round = 1; round <= 6; round++) {
                times.merge(Side.order(round).get(place), 1, Integer::sum);
            }
            assertEquals(Map.of(Side.BERTH_IPFS, 2, Side.BERTH_FS, 2, Side.DISTRIBUTION, 2), times, "place " + place);
        }
        assertEquals(List.of("ABC", "CBA", "BCA"), List.of(1, 2, 3).stream().map(r -> Side.letters(Side.order(r))).toList());
        assertEquals(Side.order(1), Side.order(7));
    }

    @Test
    void onlySelectsScenariosByNameOrPrefixAndRefusesUnknownOnes() {
        SpeedOptions crane = SpeedOptions.parse("--quick", "--only", "crane,head", "--note", "noisy machine");
        assertTrue(crane.selected("crane-big"));
        assertTrue(crane.selected("crane-small"));
        assertTrue(crane.selected("head"));
        assertFalse(crane.selected("concurrent"));
        assertEquals("./berth bench speed --quick --only crane,head", crane.command());
        assertEquals(Path.of("integration-tests/target/benchmarks"), crane.out());
        assertEquals(Path.of("docs/benchmarks"), SpeedOptions.parse().out());
        assertTrue(SpeedOptions.parse().selected("cross-node"));
        assertThrows(IllegalArgumentException.class, () -> SpeedOptions.parse("--only", "cran"));
        assertThrows(IllegalArgumentException.class, () -> SpeedOptions.parse("--rounds", "0"));
        assertThrows(IllegalArgumentException.class, () -> SpeedOptions.parse("--rounds"));
    }

    @Test
    void dockerPushesTheManyLayerShapeWithinWhatItsLayerStoreHolds() {
        assertEquals(200, Workload.full().smallLayers());
        assertEquals(100, Workload.full().dockerSmallLayers());
        assertEquals(Workload.quick().smallLayers(), Workload.quick().dockerSmallLayers());
    }

    @Test
    void kuboCallsAreSummedOverOutcomesWhateverTheLabelOrder() {
        String scrape = """
                # HELP berth_kubo_requests_seconds every call to Kubo
                # TYPE berth_kubo_requests_seconds summary
                berth_kubo_requests_seconds_count{command="files/stat",outcome="success"} 3
                berth_kubo_requests_seconds_count{outcome="error",command="files/stat"} 5.0
                berth_kubo_requests_seconds_sum{command="files/stat",outcome="success"} 0.25
                berth_kubo_requests_seconds_count{command="add",outcome="success"} 4 1764500000000
                http_server_requests_seconds_count{method="PUT",uri="/v2/{name}/blobs/uploads/{uuid}"} 9
                """;

        assertEquals(Map.of("files/stat", 8.0, "add", 4.0), KuboCalls.counts(scrape));
    }

    @Test
    void speedRatiosDivideTheOthersTimeByBerthsAndPreviousFiguresAppearBesideMeasuredShapes() throws Exception {
        Workload workload = Workload.quick();
        Results results = new Results();
        Metric push = CranePushPull.push(workload.bigImage());
        results.add(push, Side.BERTH_IPFS.label(), 4);
        results.add(push, Side.BERTH_FS.label(), 1);
        results.add(push, Side.DISTRIBUTION.label(), 2);
        results.failure("round 2, Berth, IPFS driver, crane-small", new AssertionError(
                "`crane push` exited 1\nstdout:\n\nstderr:\npushed blob: sha256:1\nError: PUT /v2/x: BLOB_UPLOAD_UNKNOWN\n"));
        Files.writeString(folder.resolve("registry.md"), """
                Measured 2026-11-23 on one machine.

                | registry | image | push (s) | pull (s) |
                | --- | --- | ---: | ---: |
                | Berth, IPFS driver | %s | 10.26 | 5.92 |
                | Berth, IPFS driver | 200 x 1 MiB layers | 13.48 | 1.76 |
                """.formatted(workload.bigImage()));
        Path out = folder.resolve("out");

        new SpeedReport(SpeedOptions.parse("--quick", "--out", out.toString()), "today", List.of(), results, List.of("ABC"), folder)
                .write(out);

        String markdown = Files.readString(out.resolve("speed.md"));
        assertTrue(markdown.contains("| crane push, " + workload.bigImage() + " (s) | 4.00 | 1.00 | 2.00 | 0.50x | 2.00x |"), markdown);
        assertTrue(markdown.contains("| crane push, " + workload.bigImage() + " (s) | Berth, IPFS driver | 10.26 | 4.00 |"), markdown);
        assertFalse(markdown.contains("200 x 1 MiB"), markdown);
        assertTrue(markdown.contains("- round 2, Berth, IPFS driver, crane-small: Error: PUT /v2/x: BLOB_UPLOAD_UNKNOWN\n"), markdown);
        assertTrue(Files.readString(out.resolve("speed.svg")).contains("0.50 x"));
    }
}
