package dev.berth.registry.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
    private static final Optional<String> ALICE = Optional.of("alice");
    private static final Optional<String> BOB = Optional.of("bob");
    private static final Optional<String> NOBODY = Optional.empty();

    private final List<AuthProperties.Rule> rules = List.of(
            new AuthProperties.Rule("**", Set.of("alice"), Set.of(Action.PULL)),
            new AuthProperties.Rule("team-a/**", Set.of("alice"), Set.of(Action.PUSH, Action.DELETE)),
            new AuthProperties.Rule("team-a/**", Set.of("bob"), Set.of(Action.PULL)),
            new AuthProperties.Rule("library/*", Set.of("*"), Set.of(Action.PULL)));
    private final AccessPolicy policy = new AccessPolicy(rules, false);

    @Test
    void rulesGrantTheirActionsOnRepositoriesTheirGlobMatches() {
        assertThat(policy.allows(ALICE, Scope.repository("team-a/app", Action.PULL, Action.PUSH))).isTrue();
        assertThat(policy.allows(ALICE, Scope.repository("team-a/deep/app", Action.DELETE))).isTrue();
        assertThat(policy.allows(ALICE, Scope.repository("team-b/app", Action.PUSH))).isFalse();
        assertThat(policy.allows(BOB, Scope.repository("team-a/app", Action.PULL))).isTrue();
        assertThat(policy.allows(BOB, Scope.repository("team-a/app", Action.PULL, Action.PUSH))).isFalse();
    }

    @Test
    void aSingleStarStaysWithinOneSegmentAndMatchesEveryLoggedInUser() {
        assertThat(policy.allows(BOB, Scope.repository("library/alpine", Action.PULL))).isTrue();
        assertThat(policy.allows(Optional.of("anyone"), Scope.repository("library/alpine", Action.PULL))).isTrue();
        assertThat(policy.allows(BOB, Scope.repository("library/a/b", Action.PULL))).isFalse();
        assertThat(policy.allows(NOBODY, Scope.repository("library/alpine", Action.PULL))).isFalse();
    }

    @Test
    void grantableKeepsOnlyTheAllowedActionsOfARequest() {
        assertThat(policy.grantable(BOB, Scope.repository("team-a/app", Action.PULL, Action.PUSH))).containsExactly("pull");
        assertThat(policy.grantable(ALICE, Scope.parse("repository:team-a/app:*"))).containsExactlyInAnyOrder("pull", "push", "delete");
        assertThat(policy.grantable(ALICE, Scope.parse("repository:team-a/app:admin"))).isEmpty();
        assertThat(policy.grantable(ALICE, Scope.parse("plugin:x:pull"))).isEmpty();
    }

    @Test
    void theCatalogTakesPullOnEveryRepository() {
        assertThat(policy.allows(ALICE, Scope.CATALOG)).isTrue();
        assertThat(policy.allows(BOB, Scope.CATALOG)).isFalse();
        assertThat(new AccessPolicy(rules, true).allows(NOBODY, Scope.CATALOG)).isTrue();
    }

    @Test
    void anonymousPullOpensPullingOnlyToEveryone() {
        AccessPolicy open = new AccessPolicy(rules, true);
        assertThat(open.allows(NOBODY, Scope.repository("team-b/app", Action.PULL))).isTrue();
        assertThat(open.allows(NOBODY, Scope.repository("team-b/app", Action.PULL, Action.PUSH))).isFalse();
        assertThat(open.allows(NOBODY, Scope.repository("team-b/app", Action.DELETE))).isFalse();
    }

    @Test
    void scopesReadAndWriteTheDockerForm() {
        Scope scope = Scope.parse("repository:team-a/app:push,pull");
        assertThat(scope).isEqualTo(Scope.repository("team-a/app", Action.PULL, Action.PUSH));
        assertThat(scope.toString()).isEqualTo("repository:team-a/app:pull,push");
        assertThat(Scope.parse("repository(plugin):x/y:pull").type()).isEqualTo("repository");
        assertThat(Scope.parse("registry:catalog:*")).isEqualTo(Scope.CATALOG);
    }
}
