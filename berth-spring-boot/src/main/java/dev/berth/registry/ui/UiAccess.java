package dev.berth.registry.ui;

import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.security.AccessPolicy;
import dev.berth.registry.security.Action;
import dev.berth.registry.security.AuthProperties;
import dev.berth.registry.security.Scope;
import java.util.Optional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What the person at the browser may see and do, by the API's own rules ({@code berth.auth.*}):
 * pull a repository to see it, delete to be offered deletes. Without access control everyone may do
 * everything, as through the API. Administrators (the node page's garbage collection) are the users
 * a rule for every repository ({@code **}) grants delete.
 */
final class UiAccess {
    private static final String EVERY_REPOSITORY = "**";

    private final AuthProperties auth;
    private final AccessPolicy policy;

    UiAccess(AuthProperties auth) {
        this.auth = auth;
        this.policy = new AccessPolicy(auth.rules(), auth.anonymousPull());
    }

    boolean open() {
        return auth.mode() == AuthProperties.Mode.NONE;
    }

    /** Whether the login is the page's business: access control is on. */
    boolean loginOffered() {
        return !open();
    }

    /** The user logged in to the UI; empty for anonymous visitors. */
    Optional<String> user() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        return Optional.of(authentication.getName());
    }

    boolean mayPull(RepositoryName repository) {
        return open() || policy.allows(user(), Scope.repository(repository.value(), Action.PULL));
    }

    boolean mayDelete(RepositoryName repository) {
        return open() || policy.allows(user(), Scope.repository(repository.value(), Action.DELETE));
    }

    /** Seeing the published tree's root (and the node) takes what the catalog takes: pull on every repository. */
    boolean mayListEverything() {
        return open() || policy.allows(user(), Scope.CATALOG);
    }

    boolean isAdministrator() {
        if (open()) {
            return true;
        }
        Optional<String> user = user();
        return user.isPresent() && auth.rules().stream().anyMatch(rule -> rule.repository().equals(EVERY_REPOSITORY)
                && (rule.users().contains("*") || rule.users().contains(user.get()))
                && rule.actions().contains(Action.DELETE));
    }
}
