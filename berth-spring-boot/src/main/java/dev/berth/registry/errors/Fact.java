package dev.berth.registry.errors;

/**
 * What a client needs to know to recover from an error, beyond its code, in the registry's own
 * terms. The HTTP layer turns a fact into a status or headers; the domain never names either.
 */
public sealed interface Fact {

    /** The content is larger than the registry takes. */
    record TooLarge(long limit) implements Fact {
    }

    /** A range was asked of a blob of {@code size} bytes that it does not cover. */
    record OutsideBlob(long size) implements Fact {
    }

    /** Where the upload the request went to stands: the client may go on from {@code size}. */
    record UploadProgress(long size) implements Fact {
    }

    /** The request cannot be read as sent (a malformed escape, a number no type holds): the client has to change it. */
    record Malformed() implements Fact {
    }

    /** The operation exists, but not for this path: no such endpoint. */
    record NoSuchEndpoint() implements Fact {
    }
}
