package io.github.fijiunet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void partFilesAreHiddenSiblingsThatCanKeepTheExtension() {
        Path target = dir.resolve("cells_labels.tif");
        assertEquals(dir.resolve(".cells_labels.tif.part"), AtomicFiles.partOf(target, false));
        assertEquals(dir.resolve(".cells_labels.part.tif"), AtomicFiles.partOf(target, true));
    }

    @Test
    void writesIntoNewFoldersAndReplacesOnlyWhenAsked() throws IOException {
        Path target = dir.resolve("new/sub/results.csv");
        AtomicFiles.write(target, false, false, part -> Files.writeString(part, "first"));
        assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.write(target, false, false, part -> Files.writeString(part, "second")));
        assertEquals("first", Files.readString(target));
        assertEquals(List.of("results.csv"), names(target.getParent()), "the refused part file is gone");
        AtomicFiles.write(target, true, false, part -> Files.writeString(part, "third"));
        assertEquals("third", Files.readString(target));
    }

    @Test
    void aFailingWriterLeavesNeitherTargetNorPartFile() throws IOException {
        Path target = dir.resolve("summary.csv");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, false, false, part -> {
            Files.writeString(part, "half");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals(List.of(), names(dir));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
