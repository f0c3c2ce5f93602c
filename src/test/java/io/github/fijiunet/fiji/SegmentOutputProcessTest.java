package io.github.fijiunet.fiji;

import ij.IJ;
import ij.ImagePlus;
import io.github.fijiunet.TmpfsMount;
import io.github.fijiunet.workflow.SegmentationOutput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fiji-unet segment} in child JVMs writing its four outputs where it goes wrong in real
 * use: a full file system (a real tmpfs) and several runs saving the same outputs at once.
 */
class SegmentOutputProcessTest {

    private static final Path MODEL = Path.of("models/nuclei-unet").toAbsolutePath();
    private static final String BASE = "00071198d059ba7f";
    /** Room for the label TIFF (about 130 KB) but not the whole set (about 165 KB): the disk fills mid-set. */
    private static final long ROOM = 150_000;

    /** A good set, from other settings than the runs under test use, so a replaced file cannot look like the old one. */
    @TempDir
    static Path good;

    @TempDir
    Path dir;

    @BeforeAll
    static void saveAGoodSet() throws Exception {
        assertEquals(0, segment(good, good, "--min-size", "60").exitCode);
    }

    private FijiTestSupport.Run segment(Path output, String... options) throws IOException, InterruptedException {
        return segment(dir, output, options);
    }

    private static FijiTestSupport.Run segment(Path workingDir, Path output, String... options) throws IOException, InterruptedException {
        return FijiTestSupport.run(command(output, options), workingDir, 120);
    }

    /** A copy of the good set in {@code folder}: the other run's files, or a user's earlier results. */
    private static List<Path> copyGoodSet(Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> copies = new ArrayList<>();
        for (Path f : SegmentationOutput.filesFor(good, BASE)) copies.add(Files.copy(f, folder.resolve(f.getFileName())));
        return copies;
    }

    private static List<String> command(Path output, String... options) {
        List<String> cmd = new ArrayList<>(List.of(FijiTestSupport.java(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "io.github.fijiunet.cli.FijiUnetCli", "segment", "--model", MODEL.toString(), "--input", FijiTestSupport.NUCLEI.toString(),
                "--output", output.toString()));
        cmd.addAll(List.of(options));
        return cmd;
    }

    @Test
    void aFullDiskFailsTheRunAndKeepsTheFilesThatWereThere() throws Exception {
        try (TmpfsMount disk = TmpfsMount.mount(dir.resolve("disk"), "1m")) {
            Path out = disk.folder();
            disk.fill(ROOM);
            FijiTestSupport.Run fresh = segment(out);
            assertEquals(1, fresh.exitCode, fresh.output);
            assertFullDiskMessage(fresh.output, out);
            assertEquals(List.of("filler.bin"), names(out), "no output, truncated or whole, and no part file");

            Files.delete(out.resolve("filler.bin"));
            copyGoodSet(out);
            disk.fill(ROOM);
            FijiTestSupport.Run overwrite = segment(out, "--overwrite");
            assertEquals(1, overwrite.exitCode, overwrite.output);
            assertFullDiskMessage(overwrite.output, out);
            assertKeptTheGoodSet(out, List.of("filler.bin"));
        }
    }

    /** {@code folder} holds the good set byte for byte, and besides it only {@code others} (no part files). */
    private static void assertKeptTheGoodSet(Path folder, List<String> others) throws IOException {
        List<String> expected = new ArrayList<>(others);
        for (Path f : SegmentationOutput.filesFor(good, BASE)) {
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(folder.resolve(f.getFileName())), f.getFileName() + " was kept as it was");
            expected.add(f.getFileName().toString());
        }
        assertEquals(expected.stream().sorted().collect(Collectors.toList()), names(folder));
    }

    private static void assertFullDiskMessage(String output, Path folder) {
        assertTrue(output.contains("Error: Could not write " + folder.resolve(BASE)) && output.contains("No space left on device")
                && output.contains("Free some disk space"), output);
        assertFalse(output.contains("wrote "), output);
    }

    @Test
    void aRunThatFindsItsOutputsLockedByAnotherProcessFailsAndLeavesThem() throws Exception {
        Path out = dir.resolve("locked");
        List<Path> files = copyGoodSet(out);
        // This JVM stands for the other run, holding the lock of the outputs named BASE while it moves them in.
        try (FileChannel other = FileChannel.open(out.resolve("." + BASE + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = other.lock()) {
            FijiTestSupport.Run run = segment(out, "--overwrite");
            assertEquals(1, run.exitCode, run.output);
            assertTrue(run.output.contains("Error: Another run is saving [" + files.get(0)) && run.output.contains("save to another output folder"),
                    run.output);
        }
        assertKeptTheGoodSet(out, List.of("." + BASE + ".lock"));
    }

    @Test
    @Tag("slow")
    void concurrentRunsIntoOneFolderLeaveOneRunsWholeSet() throws Exception {
        Path out = dir.resolve("shared");
        // Different minimum sizes give different object counts (22, 18, 15 and 13 for this image).
        String[] minSizes = {"0", "60", "120", "200"};
        ExecutorService pool = Executors.newFixedThreadPool(minSizes.length);
        try {
            // Rounds make an interleaving of the four runs' saves likely (one round showed it before the fix).
            for (int round = 0; round < 2; round++) {
                List<Future<FijiTestSupport.Run>> runs = new ArrayList<>();
                for (String minSize : minSizes) runs.add(pool.submit(() -> segment(out, "--overwrite", "--min-size", minSize)));
                int succeeded = 0;
                for (Future<FijiTestSupport.Run> run : runs) {
                    FijiTestSupport.Run r = run.get();
                    assertTrue(r.exitCode == 0 || r.exitCode == 1 && r.output.contains("Error: Another run is saving"), r.output);
                    if (r.exitCode == 0) succeeded++;
                }
                assertTrue(succeeded > 0, "one run at least saved its set");
                assertOneRunsSet(out);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertOneRunsSet(Path out) throws IOException {
        List<Path> files = SegmentationOutput.filesFor(out, BASE);
        ImagePlus labels = IJ.openImage(files.get(0).toString());
        Set<Integer> ids = new HashSet<>();
        float[] pixels = (float[]) labels.getProcessor().convertToFloat().getPixels();
        for (float v : pixels) if (v != 0) ids.add((int) v);
        int roiEntries;
        try (ZipFile zip = new ZipFile(files.get(1).toFile())) {
            roiEntries = zip.size();
        }
        int csvRows = Files.readAllLines(files.get(2)).size() - 1;
        String counts = "labels " + ids.size() + ", ROIs " + roiEntries + ", CSV rows " + csvRows;
        assertTrue(ids.size() == roiEntries && roiEntries == csvRows, "one run's set: " + counts);
        assertTrue(javax.imageio.ImageIO.read(files.get(3).toFile()) != null, "the overlay is a whole PNG");
        List<String> names = names(out);
        assertEquals(files.stream().map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList()), names,
                "no part or lock files left");
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
