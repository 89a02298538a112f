package dev.berth.registry.security;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code berth.auth.*}: who may pull, push and delete.
 *
 * @param mode {@code none} (the default: everything open), {@code basic} (HTTP basic auth against
 *     the htpasswd users) or {@code token} (Docker token authentication, Berth being the token server)
 * @param htpasswd the users, one {@code name:bcrypt-hash} a line as {@code htpasswd -B} writes them;
 *     required unless the mode is {@code none}
 * @param anonymousPull whether anyone, logged in or not, may pull every repository
 * @param rules what users may do where; a request is allowed when any rule allows it
 * @param token settings of token authentication
 */
@ConfigurationProperties("berth.auth")
public record AuthProperties(@DefaultValue("none") Mode mode, Path htpasswd, boolean anonymousPull,
                             @DefaultValue List<Rule> rules, @DefaultValue Token token) {

    public enum Mode { NONE, BASIC, TOKEN }

    public AuthProperties {
        rules = List.copyOf(rules);
        if (mode != Mode.NONE && htpasswd == null) {
            throw new IllegalArgumentException("berth.auth.mode=" + mode.name().toLowerCase() + " needs berth.auth.htpasswd");
        }
    }

    /**
     * @param repository a glob over repository names: {@code *} within one path segment, {@code **}
     *     across segments ({@code team-a/**}, {@code library/*}, {@code **} for all)
     * @param users the user names it applies to; {@code *} is every user who logged in
     * @param actions what they may do: {@code pull}, {@code push}, {@code delete}
     */
    public record Rule(String repository, Set<String> users, Set<Action> actions) {
        public Rule {
            if (repository == null || repository.isBlank()) {
                throw new IllegalArgumentException("a berth.auth.rules entry needs a repository pattern");
            }
            if (users == null || users.isEmpty() || actions == null || actions.isEmpty()) {
                throw new IllegalArgumentException("the berth.auth.rules entry for '" + repository + "' needs users and actions");
            }
            users = Set.copyOf(users);
            actions = Set.copyOf(actions);
        }
    }

    /**
     * @param service the service name in challenges and tokens (their audience and issuer)
     * @param realm where clients get tokens; by default this registry's own {@code /berth/v1/token},
     *     as the request reached it
     * @param expiry how long a token is valid
     * @param secret the HMAC key tokens are signed with (at least 32 bytes); generated at startup when
     *     absent, so that tokens then stop working when the registry restarts
     */
    public record Token(@DefaultValue("berth") String service, URI realm, @DefaultValue("5m") Duration expiry, String secret) {
        public Token {
            if (expiry.isNegative() || expiry.isZero()) {
                throw new IllegalArgumentException("berth.auth.token.expiry must be positive");
            }
            if (secret != null && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
                throw new IllegalArgumentException("berth.auth.token.secret must be at least 32 bytes");
            }
        }
    }
}
