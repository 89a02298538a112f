package dev.berth.registry.mirror.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hc.client5.http.auth.ChallengeType;
import org.apache.hc.client5.http.impl.auth.AuthChallengeParser;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.message.ParserCursor;

/**
 * One challenge of a {@code WWW-Authenticate} header, such as
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"}.
 *
 * @param scheme the scheme in lowercase: {@code bearer}, {@code basic}, or another the client does not speak
 * @param realm the realm: for bearer, the token endpoint's URL
 * @param service the token's audience, which the token request names (bearer)
 * @param scope what the refused request needed, such as {@code repository:library/alpine:pull} (bearer)
 * @param error why a token was refused, such as {@code invalid_token} or {@code insufficient_scope} (bearer)
 */
public record AuthChallenge(String scheme, Optional<String> realm, Optional<String> service, Optional<String> scope,
                            Optional<String> error) {
    public static final String BEARER = "bearer";
    public static final String BASIC = "basic";
    /** A header longer than this is not a challenge worth reading. */
    private static final int MAX_HEADER = 8 * 1024;

    public AuthChallenge {
        if (scheme == null || scheme.isBlank()) {
            throw new IllegalArgumentException("a challenge names its scheme");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
    }

    /** The challenges of a response's {@code WWW-Authenticate} headers; unreadable ones are left out. */
    public static List<AuthChallenge> parse(List<String> headerValues) {
        List<AuthChallenge> challenges = new ArrayList<>();
        for (String value : headerValues) {
            if (value == null || value.length() > MAX_HEADER) {
                continue;
            }
            try {
                var parsed = AuthChallengeParser.INSTANCE.parse(ChallengeType.TARGET, value, new ParserCursor(0, value.length()));
                for (var challenge : parsed) {
                    challenges.add(new AuthChallenge(challenge.getSchemeName(), param(challenge.getParams(), "realm"),
                            param(challenge.getParams(), "service"), param(challenge.getParams(), "scope"),
                            param(challenge.getParams(), "error")));
                }
            } catch (ParseException | IllegalArgumentException unreadable) {
                // Another challenge may still be readable; none at all means the client cannot log in.
            }
        }
        return List.copyOf(challenges);
    }

    public boolean isBearer() {
        return scheme.equals(BEARER);
    }

    public boolean isBasic() {
        return scheme.equals(BASIC);
    }

    private static Optional<String> param(List<NameValuePair> params, String name) {
        if (params == null) {
            return Optional.empty();
        }
        return params.stream().filter(p -> p.getName().equalsIgnoreCase(name)).map(NameValuePair::getValue)
                .filter(v -> v != null && !v.isEmpty()).findFirst();
    }
}
