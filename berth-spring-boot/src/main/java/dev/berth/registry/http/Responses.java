package dev.berth.registry.http;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.UploadStatus;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Response shapes that several endpoints share. */
final class Responses {
    private Responses() {
    }

    static ResponseEntity<byte[]> empty(HttpStatus status) {
        return ResponseEntity.status(status).header(HttpHeaders.CONTENT_LENGTH, "0").build();
    }

    /** 201 for a blob now in the repository the client named. */
    static ResponseEntity<byte[]> blobCreated(RepositoryName repository, Digest digest) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(HttpHeaders.LOCATION, "/v2/" + repository + "/blobs/" + digest)
                .header(ApiHeaders.CONTENT_DIGEST, digest.toString())
                .header(HttpHeaders.CONTENT_LENGTH, "0")
                .build();
    }

    /** 202 or 204 telling where an upload stands and where to send the rest. */
    static ResponseEntity<byte[]> upload(HttpStatus status, RepositoryName repository, UploadStatus upload) {
        return ResponseEntity.status(status)
                .header(HttpHeaders.LOCATION, UploadLocations.of(repository.value(), upload.id().value()))
                .header(HttpHeaders.RANGE, UploadLocations.range(upload.size()))
                .header(ApiHeaders.UPLOAD_UUID, upload.id().value())
                .header(HttpHeaders.CONTENT_LENGTH, "0")
                .build();
    }
}
