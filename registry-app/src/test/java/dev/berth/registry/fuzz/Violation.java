package dev.berth.registry.fuzz;

/**
 * An invariant a response broke.
 *
 * @param invariant which one
 * @param kind what went wrong in a few stable words (a status, a header, a pattern), so that the
 *     same failure met with different inputs is reported once
 * @param detail what exactly, with the input's particulars
 */
record Violation(Invariant invariant, String kind, String detail) {

    /** The invariants every response is held to, plus those of the request's own semantics and of stored blobs. */
    enum Invariant {
        /** A client's input never makes the registry fail: no 5xx. */
        NO_SERVER_ERROR,
        /** Every request gets a response: no dropped connection. */
        RESPONDS,
        /** An error's body is {@code {"errors":[{"code","message"}]}} with a code clients know. */
        OCI_ERROR_BODY,
        /** No class name, storage path or Kubo address in any header or body. */
        NO_INTERNALS,
        /** A response carries a Content-Type the registry vouches for. */
        KNOWN_CONTENT_TYPE,
        /** Every response carries {@code X-Content-Type-Options: nosniff}. */
        NOSNIFF,
        /** What the request's semantics demand: the right status, headers and content. */
        SEMANTICS,
        /** No blob is visible before an upload of it completed with its digest, and what is served hashes to it. */
        ONLY_VERIFIED_BLOBS
    }

    static Violation of(Invariant invariant, String kind, String detail) {
        return new Violation(invariant, kind, detail);
    }

    @Override
    public String toString() {
        return invariant + " (" + kind + "): " + detail;
    }
}
