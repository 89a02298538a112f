package dev.berth.registry.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A resource and the actions on it, as Docker token authentication writes it:
 * {@code repository:library/alpine:pull,push} or {@code registry:catalog:*}.
 *
 * @param type {@code repository} or {@code registry}
 * @param name a repository name, or {@code catalog}
 * @param actions {@code pull}, {@code push}, {@code delete}, or {@code *} for the catalog
 */
public record Scope(String type, String name, Set<String> actions) {
    public static final String REPOSITORY = "repository";
    /** Listing every repository (the catalog, and the published tree's root). */
    public static final Scope CATALOG = new Scope("registry", "catalog", Set.of("*"));

    public Scope {
        if (type == null || type.isEmpty() || name == null || name.isEmpty() || actions == null) {
            throw new IllegalArgumentException("a scope needs a type, a name and actions");
        }
        actions = Set.copyOf(actions);
    }

    public static Scope repository(String name, Action... actions) {
        Set<String> names = new LinkedHashSet<>();
        for (Action action : actions) {
            names.add(action.scopeName());
        }
        return new Scope(REPOSITORY, name, names);
    }

    /** Parses {@code type:name:actions}; the name may hold colons (a type may carry a class: {@code repository(plugin)}). */
    public static Scope parse(String text) {
        int first = text.indexOf(':');
        int last = text.lastIndexOf(':');
        if (first <= 0 || last == first) {
            throw new IllegalArgumentException("a scope is type:name:actions, not '" + text + "'");
        }
        String type = text.substring(0, first);
        int classStart = type.indexOf('(');
        type = classStart < 0 ? type : type.substring(0, classStart);
        String actions = text.substring(last + 1);
        return new Scope(type, text.substring(first + 1, last),
                actions.isEmpty() ? Set.of() : Set.copyOf(List.of(actions.split(","))));
    }

    public Scope withActions(Set<String> granted) {
        return new Scope(type, name, granted);
    }

    /** The actions in a stable order: pull, push, delete, then any others. */
    public List<String> orderedActions() {
        return actions.stream().sorted(Scope::byActionOrder).toList();
    }

    /** The wire form. */
    @Override
    public String toString() {
        return type + ":" + name + ":" + String.join(",", orderedActions());
    }

    private static int byActionOrder(String a, String b) {
        return Integer.compare(order(a), order(b));
    }

    private static int order(String action) {
        for (Action known : Action.values()) {
            if (known.scopeName().equals(action)) {
                return known.ordinal();
            }
        }
        return Action.values().length;
    }
}
