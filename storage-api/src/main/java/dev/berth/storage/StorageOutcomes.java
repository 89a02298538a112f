package dev.berth.storage;

/** The {@code outcome} tag of a failed storage operation's timer, one per kind of {@link StorageException}. */
final class StorageOutcomes {
    private StorageOutcomes() {
    }

    static String of(StorageException e) {
        return switch (e) {
            case PathNotFoundException ignored -> "not_found";
            case InvalidPathException ignored -> "invalid_path";
            case InvalidOffsetException ignored -> "invalid_offset";
            case UnsupportedStorageOperationException ignored -> "unsupported";
            case StorageUnavailableException ignored -> "unavailable";
            case StorageFailureException ignored -> "failure";
        };
    }
}
