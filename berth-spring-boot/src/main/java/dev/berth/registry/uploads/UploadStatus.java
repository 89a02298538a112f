package dev.berth.registry.uploads;

import dev.berth.registry.naming.RepositoryName;

/** Where an upload stands: how many bytes it has received. */
public record UploadStatus(RepositoryName repository, UploadId id, long size) {
}
