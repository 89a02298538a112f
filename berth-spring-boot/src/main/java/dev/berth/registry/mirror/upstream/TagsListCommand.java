package dev.berth.registry.mirror.upstream;

import dev.berth.registry.mirror.upstream.UpstreamInvalidResponseException.Reason;
import dev.berth.registry.naming.Tag;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.core5.net.URIBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v2/<name>/tags/list?n=<n>&last=<last>}: one page of tags, read from at most 4 MiB of
 * JSON, with the next page's {@code last} taken from the {@code Link} header.
 */
final class TagsListCommand {
    private static final int MAX_REPLY = 4 * 1024 * 1024;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]{1,4096})>\\s*;\\s*rel=\"?next\"?");

    private final RegistryCalls calls;

    TagsListCommand(RegistryCalls calls) {
        this.calls = calls;
    }

    TagPage list(String remoteName, int n, Optional<String> last) throws UpstreamException {
        String call = "tags GET " + remoteName;
        Transport transport = calls.transport();
        StringBuilder path = new StringBuilder("/v2/" + remoteName + "/tags/list?n=" + n);
        last.ifPresent(l -> path.append("&last=").append(URLEncoder.encode(l, StandardCharsets.UTF_8)));
        try (Deadline deadline = calls.deadline();
             Response response = calls.open(call, "GET", path.toString(), Map.of("Accept", "application/json"),
                     RegistryCalls.pullScope(remoteName), Set.of(200), deadline)) {
            Optional<String> next = next(response.headers("Link"));
            byte[] body = transport.readBody(call, response, MAX_REPLY, "tag list", deadline);
            JsonNode root;
            try {
                root = UpstreamJson.MAPPER.readTree(body);
            } catch (JacksonException e) {
                throw transport.invalid(call, Reason.MALFORMED, "the tag list is not JSON within the bounds");
            }
            if (root == null || !root.isObject()) {
                throw transport.invalid(call, Reason.MALFORMED, "the tag list is not a JSON object");
            }
            List<String> tags = new ArrayList<>();
            for (JsonNode tag : root.path("tags")) {
                if (tag.isString() && isTag(tag.asString())) {
                    tags.add(tag.asString());
                }
            }
            return new TagPage(tags, next);
        }
    }

    private static Optional<String> next(List<String> links) {
        for (String link : links) {
            Matcher matcher = NEXT_LINK.matcher(link);
            if (matcher.find()) {
                try {
                    return new URIBuilder(URI.create(matcher.group(1))).getQueryParams().stream()
                            .filter(p -> p.getName().equals("last") && p.getValue() != null).map(p -> p.getValue()).findFirst();
                } catch (IllegalArgumentException unreadable) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isTag(String value) {
        try {
            new Tag(value);
            return true;
        } catch (RuntimeException notATag) {
            return false;
        }
    }
}
