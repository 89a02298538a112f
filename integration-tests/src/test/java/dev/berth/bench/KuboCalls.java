package dev.berth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many Kubo RPC calls Berth makes for one blob and one manifest: {@code berth_kubo_requests_seconds_count}
 * from {@code /actuator/prometheus}, summed over outcomes, before and after each operation (waiting
 * until the counts settle, so that work finished after the answer counts too). A first blob, not
 * counted, makes the repository exist, so the figures are those of a repository in use.
 */
final class KuboCalls implements Scenario {
    private static final Pattern SERIES = Pattern.compile(
            "^berth_kubo_requests_seconds_count\\{([^}]*)}\\s+(\\S+)(?:\\s+-?\\d+)?$", Pattern.MULTILINE);
    private static final Pattern COMMAND = Pattern.compile("command=\"([^\"]*)\"");
    private static final String REPOSITORY = "bench/kubo-calls";
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @Override
    public String id() {
        return "kubo-calls";
    }

    @Override
    public boolean runsOn(Side side) {
        return side == Side.BERTH_IPFS;
    }

    @Override
    public void run(SideSession session) throws Exception {
        HttpClient http = session.context().http();
        URI registry = session.registry().url();
        SplittableRandom random = new SplittableRandom(session.round());
        byte[] first = random(random);
        byte[] layer = random(random);
        byte[] single = random(random);
        OciPush.chunked(http, registry, REPOSITORY, first, digest(first));

        Map<String, Double> before = settled(http, registry);
        OciPush.chunked(http, registry, REPOSITORY, layer, digest(layer));
        record(session, "1 MiB blob: HEAD, POST, PATCH, PUT (as crane)", before, settled(http, registry));

        before = settled(http, registry);
        OciPush.monolithic(http, registry, REPOSITORY, HttpRequest.BodyPublishers.ofByteArray(single), digest(single));
        record(session, "1 MiB blob: one POST ?digest= (monolithic)", before, settled(http, registry));

        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"%s\"]}}"
                .formatted(digest(layer)).getBytes(StandardCharsets.UTF_8);
        OciPush.monolithic(http, registry, REPOSITORY, HttpRequest.BodyPublishers.ofByteArray(config), digest(config));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"%s\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"%s\",\"size\":%d},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
                + "\"digest\":\"%s\",\"size\":%d}]}").formatted(MANIFEST, digest(config), config.length, digest(layer), layer.length)
                .getBytes(StandardCharsets.UTF_8);
        before = settled(http, registry);
        OciPush.manifest(http, registry, REPOSITORY, "v1", MANIFEST, manifest);
        record(session, "image manifest: PUT by tag", before, settled(http, registry));
    }

    private static void record(SideSession session, String operation, Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> calls = new TreeMap<>();
        after.forEach((command, count) -> {
            double made = count - before.getOrDefault(command, 0.0);
            if (made > 0) {
                calls.put(command, made);
            }
        });
        Metric metric = Metric.kuboCalls(operation);
        session.context().results().add(metric, "total", calls.values().stream().mapToDouble(Double::doubleValue).sum());
        calls.forEach((command, made) -> session.context().results().add(metric, command, made));
    }

    /** The counts once two scrapes 300 ms apart agree (within 10 s). */
    private static Map<String, Double> settled(HttpClient http, URI registry) throws IOException, InterruptedException {
        Map<String, Double> last = scrape(http, registry);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(300);
            Map<String, Double> now = scrape(http, registry);
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        throw new IllegalStateException("Kubo call counts still changing 10 s after the operation");
    }

    /** Kubo calls so far by command, every outcome summed; a command not called yet has no series. */
    static Map<String, Double> scrape(HttpClient http, URI registry) throws IOException {
        return counts(Http.getText(http, registry.resolve("/actuator/prometheus"), Duration.ofSeconds(10), 4 << 20));
    }

    /** Kubo calls by command in a Prometheus text exposition, every outcome summed. */
    static Map<String, Double> counts(String text) {
        Map<String, Double> counts = new HashMap<>();
        Matcher series = SERIES.matcher(text);
        while (series.find()) {
            Matcher command = COMMAND.matcher(series.group(1));
            if (command.find()) {
                counts.merge(command.group(1), Double.parseDouble(series.group(2)), Double::sum);
            }
        }
        return counts;
    }

    private static byte[] random(SplittableRandom random) {
        byte[] bytes = new byte[1 << 20];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
