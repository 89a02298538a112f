package dev.berth.registry.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.util.AntPathMatcher;

/**
 * The configured rules, answering what a user (or nobody, for a client that did not log in) may
 * do. Listing every repository ({@link Scope#CATALOG}) takes pull on all of them: anonymous pull,
 * or a rule for {@code **} that grants the user pull.
 */
public final class AccessPolicy {
    private static final String EVERY_USER = "*";
    private static final String EVERY_REPOSITORY = "**";

    private final List<AuthProperties.Rule> rules;
    private final boolean anonymousPull;
    private final AntPathMatcher globs = new AntPathMatcher("/");

    public AccessPolicy(List<AuthProperties.Rule> rules, boolean anonymousPull) {
        this.rules = List.copyOf(rules);
        this.anonymousPull = anonymousPull;
    }

    /** Whether every action of the scope is allowed. */
    public boolean allows(Optional<String> user, Scope scope) {
        return grantable(user, scope).equals(scope.actions());
    }

    /** The actions of the requested scope that are allowed; unknown actions and types get nothing. */
    public Set<String> grantable(Optional<String> user, Scope requested) {
        if (requested.equals(Scope.CATALOG)) {
            return mayListEverything(user) ? requested.actions() : Set.of();
        }
        if (!requested.type().equals(Scope.REPOSITORY)) {
            return Set.of();
        }
        Set<String> wanted = requested.actions().contains("*") ? allActions() : requested.actions();
        return wanted.stream().filter(action -> allows(user, requested.name(), action)).collect(Collectors.toSet());
    }

    private boolean allows(Optional<String> user, String repository, String action) {
        if (anonymousPull && action.equals(Action.PULL.scopeName())) {
            return true;
        }
        return user.isPresent() && rules.stream().anyMatch(rule -> appliesTo(rule, user.get())
                && globs.match(rule.repository(), repository)
                && rule.actions().stream().anyMatch(granted -> granted.scopeName().equals(action)));
    }

    private boolean mayListEverything(Optional<String> user) {
        return anonymousPull || user.isPresent() && rules.stream().anyMatch(rule -> appliesTo(rule, user.get())
                && rule.repository().equals(EVERY_REPOSITORY) && rule.actions().contains(Action.PULL));
    }

    private static boolean appliesTo(AuthProperties.Rule rule, String user) {
        return rule.users().contains(EVERY_USER) || rule.users().contains(user);
    }

    private static Set<String> allActions() {
        return Set.of(Action.PULL.scopeName(), Action.PUSH.scopeName(), Action.DELETE.scopeName());
    }
}
