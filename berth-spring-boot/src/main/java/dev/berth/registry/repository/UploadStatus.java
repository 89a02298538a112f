package dev.berth.registry.repository;

/** Where an upload stands: how many bytes it has received. */
public record UploadStatus(UploadId id, long size) {
}
