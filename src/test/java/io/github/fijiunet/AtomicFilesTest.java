package io.github.fijiunet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void partFilesAreHiddenSiblingsUniqueToProcessAndCall() {
        Path target = dir.resolve("cells_labels.tif");
        Path first = AtomicFiles.partOf(target);
        Path second = AtomicFiles.partOf(target);
        assertNotEquals(first, second, "two calls (two concurrent writers) never share a part file");
        String pid = Long.toString(ProcessHandle.current().pid());
        for (Path part : List.of(first, second)) {
            assertEquals(dir, part.getParent(), "a sibling, so the move into place is a rename");
            String name = part.getFileName().toString();
            assertTrue(name.startsWith(".cells_labels.tif." + pid + "-") && name.endsWith(".part"), name);
        }
    }

    @Test
    void writesIntoNewFoldersAndReplacesOnlyWhenAsked() throws IOException {
        Path target = dir.resolve("new/sub/results.csv");
        AtomicFiles.write(target, false, out -> out.write("first".getBytes()));
        String message = assertThrows(InvalidInputException.class,
                () -> AtomicFiles.write(target, false, out -> out.write("second".getBytes()))).getMessage();
        assertEquals("The output folder " + target.getParent() + " already holds results of an earlier run (" + target
                + "). Choose another folder, or allow overwriting.", message);
        assertEquals("first", Files.readString(target));
        assertEquals(List.of("results.csv"), names(target.getParent()), "no part or lock file is left");
        AtomicFiles.write(target, true, out -> out.write("third".getBytes()));
        assertEquals("third", Files.readString(target));
        assertEquals(List.of("results.csv"), names(target.getParent()));
    }

    /** A file another run saved after this set was opened: refused at commit in the words of the check before it, and kept. */
    @Test
    void filesSavedMeanwhileAreKeptAndTheRefusalSaysSo() throws IOException {
        Path target = dir.resolve("a_results.csv");
        String message;
        try (AtomicFiles.OutputSet set = new AtomicFiles.OutputSet("a", List.of(target), false)) {
            set.write(target, out -> out.write("ours".getBytes()));
            Files.writeString(target, "theirs");
            message = assertThrows(InvalidInputException.class, set::commit).getMessage();
        }
        assertEquals("The output folder " + dir + " already holds results of another run, saved while this one ran ("
                + target + "); this run's results were not saved. Choose another folder, or allow overwriting.", message);
        assertEquals("theirs", Files.readString(target));
        assertEquals(List.of("a_results.csv"), names(dir));
    }

    @Test
    void bytesStillBufferedAreSyncedIntoTheFileBeforeTheMove() throws IOException {
        // The content neither flushes nor closes: the commit flushes the part's stream and forces the file to disk.
        Path target = dir.resolve("summary.csv");
        byte[] content = new byte[100_000];
        for (int i = 0; i < content.length; i++) content[i] = (byte) i;
        AtomicFiles.write(target, false, out -> out.write(content, 0, content.length));
        assertEquals(content.length, Files.size(target));
        assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(target)));
    }

    @Test
    void aFailingWriterKeepsTheOldFileAndLeavesNoPartFile() throws IOException {
        Path target = dir.resolve("summary.csv");
        Files.writeString(target, "old");
        FijiUnetException e = assertThrows(FijiUnetException.class, () -> AtomicFiles.write(target, true, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains(target.toAbsolutePath().toString()) && e.getMessage().contains("(disk full)"), e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("summary.csv"), names(dir));
    }

    @Test
    void aSetAppearsWholeOrNotAtAll() throws IOException {
        Path labels = dir.resolve("a_labels.tif");
        Path results = dir.resolve("a_results.csv");
        Files.writeString(labels, "old labels");
        Files.writeString(results, "old results");
        assertThrows(FijiUnetException.class, () -> {
            try (AtomicFiles.OutputSet set = new AtomicFiles.OutputSet("a", List.of(labels, results), true)) {
                set.write(labels, out -> out.write("new labels".getBytes()));
                set.write(results, out -> {
                    throw new IOException("No space left on device");
                });
                set.commit();
            }
        });
        assertEquals("old labels", Files.readString(labels), "the first file of the set was not moved in alone");
        assertEquals("old results", Files.readString(results));
        assertEquals(List.of("a_labels.tif", "a_results.csv"), names(dir));
    }

    @Test
    void aRunThatFindsTheSetLockedSaysSoAndLeavesTheOtherRunsFiles() throws IOException {
        Path target = dir.resolve("a_results.csv");
        Files.writeString(target, "the other run's");
        try (FileChannel other = FileChannel.open(dir.resolve(".a.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = other.lock()) {
            String message = assertThrows(FijiUnetException.class, () -> {
                try (AtomicFiles.OutputSet set = new AtomicFiles.OutputSet("a", List.of(target), true)) {
                    set.write(target, out -> out.write("mine".getBytes()));
                    set.commit();
                }
            }).getMessage();
            assertTrue(message.contains("Another run is saving") && message.contains(target.toString())
                    && message.contains("save to another output folder"), message);
        }
        assertEquals("the other run's", Files.readString(target));
        assertEquals(List.of(".a.lock", "a_results.csv"), names(dir), "no part file is left (the lock file is the other run's)");
    }

    @Test
    void aLockFileLeftByAKilledRunDoesNotBlock() throws IOException {
        // The OS released a killed run's lock with the process; its file stays behind, holding its token.
        Files.writeString(dir.resolve(".summary.csv.lock"), "12345-6");
        AtomicFiles.write(dir.resolve("summary.csv"), false, out -> out.write("done".getBytes()));
        assertEquals(List.of("summary.csv"), names(dir), "written, and the stale lock file removed with the lock");
    }

    @Test
    void aFullDiskIsAnErrorNamingTheFileAndTheCause() throws Exception {
        Path target;
        try (TmpfsMount disk = TmpfsMount.mount(dir.resolve("disk"), "64k")) {
            target = disk.folder().resolve("results.csv");
            Files.writeString(target, "good");
            disk.fill(0);
            // Smaller than the part's buffer: the disk is found full only when the commit flushes it.
            String message = assertThrows(FijiUnetException.class,
                    () -> AtomicFiles.write(target, true, out -> out.write(new byte[20_000]))).getMessage();
            assertTrue(message.contains(target.toString()) && message.contains("No space left on device")
                    && message.contains("Free some disk space"), message);
            assertEquals("good", Files.readString(target));
            assertEquals(List.of("filler.bin", "results.csv"), names(disk.folder()));
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
