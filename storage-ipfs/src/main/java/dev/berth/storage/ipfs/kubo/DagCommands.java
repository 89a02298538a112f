package dev.berth.storage.ipfs.kubo;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.client5.http.entity.mime.InputStreamBody;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;

/** DAGs as CAR files ({@code dag/export}, {@code dag/import}). */
public final class DagCommands {
    private final Rpc rpc;

    DagCommands(Rpc rpc) {
        this.rpc = rpc;
    }

    /** Streams the DAG below a CID as a CARv1. */
    public InputStream export(String cid) throws IOException {
        return rpc.stream("dag/export", Args.of(cid).with("progress", false), -1);
    }

    /** Imports a CAR stream; Kubo pins its roots unless told otherwise. */
    public void importCar(InputStream car, boolean pinRoots) throws IOException {
        rpc.send("dag/import", new Args().with("pin-roots", pinRoots),
                MultipartEntityBuilder.create()
                        .addPart("file", new InputStreamBody(car, ContentType.APPLICATION_OCTET_STREAM, "dag.car"))
                        .build(),
                Object.class);
    }
}
