package dev.berth.registry.mirror.upstream;

import dev.berth.registry.mirror.upstream.UpstreamInvalidResponseException.Reason;
import dev.berth.registry.naming.Digest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v2/<name>/blobs/<digest>}, whole or a range, streamed. Redirects (to a CDN or object
 * store) are followed without the upstream's credentials. The request timeout bounds the call until
 * the body starts; from then on the read timeout bounds each wait for bytes.
 */
final class BlobGetCommand {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");

    private final RegistryCalls calls;

    BlobGetCommand(RegistryCalls calls) {
        this.calls = calls;
    }

    /** @param range the bytes to fetch, or {@code null} for the whole blob */
    UpstreamBlob get(String remoteName, Digest digest, BlobRange range) throws UpstreamException {
        String call = "blob GET " + remoteName + "@" + digest + (range == null ? "" : " " + range.header());
        Transport transport = calls.transport();
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", "*/*");
        if (range != null) {
            headers.put("Range", range.header());
        }
        Response response;
        try (Deadline deadline = calls.deadline()) {
            response = calls.open(call, "GET", "/v2/" + remoteName + "/blobs/" + digest, headers,
                    RegistryCalls.pullScope(remoteName), Set.of(200, 206), deadline);
        }
        try {
            long declared = response.contentLength();
            if (response.code() == 200) {
                return new UpstreamBlob(digest, 0, declared, declared, false, new UpstreamStream(transport, call, response, digest));
            }
            Matcher matcher = CONTENT_RANGE.matcher(response.header("Content-Range").orElse(""));
            if (range == null || !matcher.matches()) {
                throw transport.invalid(call, Reason.MALFORMED, "a 206 without a Content-Range of one range");
            }
            long first = Long.parseLong(matcher.group(1));
            long last = Long.parseLong(matcher.group(2));
            long total = matcher.group(3).equals("*") ? -1 : Long.parseLong(matcher.group(3));
            long length = last - first + 1;
            if (first != range.first() || last < first || declared >= 0 && declared != length || total >= 0 && last >= total) {
                throw transport.invalid(call, Reason.MALFORMED, "a Content-Range that is not the range asked for");
            }
            return new UpstreamBlob(digest, first, length, total, true, new UpstreamStream(transport, call, response, null));
        } catch (UpstreamException | RuntimeException e) {
            response.close();
            throw e;
        }
    }
}
