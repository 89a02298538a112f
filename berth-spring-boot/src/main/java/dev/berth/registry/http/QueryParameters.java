package dev.berth.registry.http;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.Fact;
import dev.berth.registry.errors.RegistryException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query parameters of a registry request, names and values each percent-decoded once (with
 * {@code +} as a space, as forms and Go's clients write queries). Access control and the endpoints
 * read the same instance ({@link #of}), so a parameter cannot mean one thing to a check and another
 * to the endpoint behind it ({@code m%6Funt} is {@code mount} to both). A malformed escape refuses
 * the whole request: no one can tell which parameter it was meant to be. The servlet API's own
 * parameters are never read, since they would take a form-encoded body as parameters too.
 */
public final class QueryParameters {
    private static final String ATTRIBUTE = QueryParameters.class.getName();
    /** The error a malformed escape in a parameter's value is: the one a bad value of that parameter gets. */
    private static final Map<String, ErrorCode> CODES = Map.of("n", ErrorCode.PAGINATION_NUMBER_INVALID,
            "last", ErrorCode.PAGINATION_NUMBER_INVALID, "digest", ErrorCode.DIGEST_INVALID, "mount", ErrorCode.DIGEST_INVALID,
            "from", ErrorCode.NAME_INVALID, "tag", ErrorCode.MANIFEST_INVALID);

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Decodes a raw query string (null or empty for none); a malformed escape is a 400 with the code its parameter calls for. */
    public static QueryParameters parse(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals), ErrorCode.UNSUPPORTED);
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1), CODES.getOrDefault(name, ErrorCode.UNSUPPORTED));
                values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
        }
        values.replaceAll((name, list) -> List.copyOf(list));
        return new QueryParameters(values);
    }

    /** The request's parameters, decoded on first use and then shared by everyone who asks. */
    public static QueryParameters of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof QueryParameters parsed) {
            return parsed;
        }
        QueryParameters parsed = parse(request.getQueryString());
        request.setAttribute(ATTRIBUTE, parsed);
        return parsed;
    }

    /** Makes {@code parameters} what every later reader of the request sees. */
    public static void replace(HttpServletRequest request, QueryParameters parameters) {
        request.setAttribute(ATTRIBUTE, parameters);
    }

    /** The first value of the parameter. */
    public Optional<String> first(String name) {
        List<String> all = values.get(name);
        return all == null ? Optional.empty() : Optional.of(all.getFirst());
    }

    /** Every value of the parameter, in order; none when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The same parameters without {@code name}. */
    public QueryParameters without(String name) {
        Map<String, List<String>> rest = new LinkedHashMap<>(values);
        rest.remove(name);
        return new QueryParameters(rest);
    }

    /** {@code code}: what the parameter's own malformed value is; a name that cannot be read is no parameter the registry knows. */
    private static String decode(String raw, ErrorCode code) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw RegistryException.of(code, "the query holds a malformed percent-escape", raw).with(new Fact.Malformed());
        }
    }
}
