package dev.berth.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoragePathTest {
    @Test
    void navigatesParentsAndChildren() {
        StoragePath path = StoragePath.of("/a/b/c");
        assertEquals("c", path.name());
        assertEquals(StoragePath.of("/a/b"), path.parent());
        assertEquals(StoragePath.ROOT, StoragePath.of("/a").parent());
        assertEquals(StoragePath.of("/a/b/c/d"), path.child("d"));
        assertEquals(StoragePath.of("/x"), StoragePath.ROOT.child("x"));
        assertEquals(List.of("a", "b", "c"), path.segments());
        assertEquals(List.of(), StoragePath.ROOT.segments());
    }

    @Test
    void containsItselfAndWhatIsBelowButNotSiblingsWithACommonPrefix() {
        StoragePath dir = StoragePath.of("/a/b");
        assertTrue(dir.contains(StoragePath.of("/a/b")));
        assertTrue(dir.contains(StoragePath.of("/a/b/c")));
        assertFalse(dir.contains(StoragePath.of("/a/bc")));
        assertTrue(StoragePath.ROOT.contains(dir));
    }

    @Test
    void explainsWhyAPathIsInvalid() {
        assertNull(StoragePath.problemWith("/"));
        assertTrue(StoragePath.problemWith("/a/../b").contains(".."));
        assertTrue(StoragePath.problemWith("relative").contains("must match"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoragePath.of("/a b"));
        assertTrue(e.getMessage().contains("'/a b'"), e.getMessage());
    }
}
