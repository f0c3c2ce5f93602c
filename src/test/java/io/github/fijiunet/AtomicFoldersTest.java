package io.github.fijiunet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFoldersTest {

    @TempDir
    Path dir;

    @Test
    void replacesAFolderWholeAndLeavesTheUsersSiblingsAndNoScratch() throws IOException {
        Path target = Files.createDirectories(dir.resolve("model"));
        Files.writeString(target.resolve("old.txt"), "old");
        // Names a scratch folder could have had: they belong to the user and stay.
        for (String name : List.of("model.old", "model.new", ".model.old", ".model.new")) {
            Files.writeString(Files.createDirectories(dir.resolve(name)).resolve("mine.txt"), name);
        }
        List<String> siblings = names(dir);
        AtomicFolders.write(target, staging -> {
            Files.writeString(Files.createDirectories(staging.resolve("sub")).resolve("new.txt"), "new");
            assertTrue(staging.getFileName().toString().startsWith(".model."), "hidden: " + staging);
            assertEquals("old", Files.readString(target.resolve("old.txt")), "the old folder is kept while the new one is written");
        });
        assertEquals(List.of("sub"), names(target));
        assertEquals("new", Files.readString(target.resolve("sub/new.txt")));
        assertEquals(siblings, names(dir));
        for (String name : List.of("model.old", "model.new", ".model.old", ".model.new")) {
            assertEquals(name, Files.readString(dir.resolve(name).resolve("mine.txt")));
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFolderAndRemovesTheStaging() throws IOException {
        Path target = Files.createDirectories(dir.resolve("model"));
        Files.writeString(target.resolve("old.txt"), "old");
        IOException failure = new IOException("disk on fire");
        assertEquals(failure, assertThrows(IOException.class, () -> AtomicFolders.write(target, staging -> {
            Files.writeString(staging.resolve("half.txt"), "half");
            throw failure;
        })));
        assertEquals(List.of("model"), names(dir));
        assertEquals("old", Files.readString(target.resolve("old.txt")));
    }

    @Test
    void aFailedSwapPutsTheOldFolderBack() throws IOException {
        Path target = Files.createDirectories(dir.resolve("model"));
        Files.writeString(target.resolve("old.txt"), "old");
        assertThrows(NoSuchFileException.class, () -> AtomicFolders.replace(dir.resolve(".gone"), target));
        assertEquals(List.of("model"), names(dir));
        assertEquals("old", Files.readString(target.resolve("old.txt")));
    }

    @Test
    void hiddenSiblingsAreNewFoldersWithUniqueNames() throws IOException {
        Path target = dir.resolve("model");
        Set<Path> made = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Path sibling = AtomicFolders.createHiddenSibling(target, "new");
            assertTrue(made.add(sibling) && Files.isDirectory(sibling) && names(sibling).isEmpty(), sibling.toString());
            assertTrue(sibling.getFileName().toString().startsWith(".model.new-"), sibling.toString());
        }
    }

    /** A real full disk (small tmpfs): the write fails, the old folder stays whole and the partial copy goes. */
    @Test
    void aFullDiskKeepsTheOldFolder() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("tmpfs"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString()).redirectErrorStream(true).start();
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "cannot mount a tmpfs here (needs root): "
                + new String(p.getInputStream().readAllBytes()));
        try {
            Path target = Files.createDirectories(mount.resolve("model"));
            Files.write(target.resolve("weights.bin"), new byte[64 * 1024]);
            assertThrows(IOException.class, () -> AtomicFolders.write(target, staging -> Files.write(staging.resolve("weights.bin"),
                    new byte[512 * 1024])));
            assertEquals(List.of("model"), names(mount));
            assertEquals(64 * 1024, Files.size(target.resolve("weights.bin")));
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void deletesTreesButNotWhatLinksPointTo() throws IOException {
        Path kept = Files.createDirectories(dir.resolve("kept"));
        Files.writeString(kept.resolve("file.txt"), "kept");
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(tree.resolve("a.txt"), "a");
        Files.createSymbolicLink(tree.resolve("link"), kept);
        AtomicFolders.deleteRecursively(dir.resolve("tree"));
        AtomicFolders.deleteRecursively(dir.resolve("nothing-there"));
        assertEquals(List.of("kept"), names(dir));
        assertEquals("kept", Files.readString(kept.resolve("file.txt")));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
