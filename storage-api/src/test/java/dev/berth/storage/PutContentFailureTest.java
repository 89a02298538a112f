package dev.berth.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failed putContent reports what failed, not what went wrong cleaning up after it. */
class PutContentFailureTest {

    @Test
    void aCommitThatFailsIsTheFailureEvenWhenCancellingFailsToo() {
        StorageUnavailableException unavailable = new StorageUnavailableException("test", "/a", "the store went away", null);
        IOException cancelFailed = new IOException("writer for /a is closed");
        StorageDriver driver = new FailingCommits(unavailable, cancelFailed);
        IOException thrown = assertThrows(IOException.class, () -> driver.putContent("/a", new byte[] {1}));
        assertSame(unavailable, thrown);
        assertEquals(List.of(cancelFailed), List.of(thrown.getSuppressed()));
    }

    /** A driver whose writers fail to commit, and then to cancel, as a writer closed by its failed commit does. */
    private record FailingCommits(IOException onCommit, IOException onCancel) implements StorageDriver {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public FileWriter writer(String path, boolean append) {
            return new FileWriter() {
                @Override
                public long size() {
                    return 0;
                }

                @Override
                public void commit() throws IOException {
                    throw onCommit;
                }

                @Override
                public FileInfo commitTo(String otherPath) throws IOException {
                    throw onCommit;
                }

                @Override
                public void cancel() throws IOException {
                    throw onCancel;
                }

                @Override
                public void close() {
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                }
            };
        }

        @Override
        public InputStream reader(String path, long offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileInfo stat(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> list(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void move(String sourcePath, String destPath) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String path) {
            throw new UnsupportedOperationException();
        }
    }
}
