package dev.berth.registry.naming;

import java.util.List;

/** Entries of a listing, and whether more follow the last of them. */
public record Page(List<String> entries, boolean more) {

    public Page {
        entries = List.copyOf(entries);
    }
}
