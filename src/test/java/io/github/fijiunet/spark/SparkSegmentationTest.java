package io.github.fijiunet.spark;

import ij.IJ;
import ij.ImagePlus;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.ModelLoadException;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.workflow.BatchReport;
import io.github.fijiunet.workflow.BatchSegmentation;
import io.github.fijiunet.workflow.BatchStatus;
import io.github.fijiunet.workflow.OutputFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark job in local mode against batch on the same folder: the same files, the same rows, with retries too. */
class SparkSegmentationTest {

    private static final Path NUCLEI = Path.of("test-images", "nuclei", "images");
    /** local[2] without the UI (a port per test JVM) and on the loopback address. */
    private static final SparkSegmentation.Settings LOCAL2 = new SparkSegmentation.Settings("local[2,4]", 0, 1,
            Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1"));

    @TempDir
    static Path dir;
    private static Path input;
    private static Path model;
    private static Path batchOut;

    @BeforeAll
    static void batchReference() throws Exception {
        input = Files.createDirectories(dir.resolve("in"));
        List<Path> images;
        try (Stream<Path> files = Files.list(NUCLEI)) {
            images = files.sorted().limit(3).collect(Collectors.toList());
        }
        for (Path image : images) Files.copy(image, input.resolve(image.getFileName()));
        Files.copy(images.get(0), input.resolve("copy-of-first.tif"));
        Files.write(input.resolve("corrupt.tif"), new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 2, 3});
        Files.writeString(input.resolve("notes.txt"), "not an image");
        model = ModelCatalog.standard().resolve("nuclei-unet");
        batchOut = dir.resolve("out-batch");
        BatchSegmentation batch = BatchSegmentation.prepare(input, batchOut, false, OutputFolder.Wording.CLI);
        try (LoadedModel loaded = LoadedModel.load(model, new RuntimeOptions(io.github.fijiunet.model.ComputeDevice.CPU, 1, 1,
                io.github.fijiunet.model.Precision.FLOAT32))) {
            batch.run(loaded, SegmentationOptions.defaults(), Progress.NONE);
        }
    }

    @Test
    void localSparkWritesWhatBatchWrites() throws Exception {
        Path out = dir.resolve("out-spark");
        List<String> updates = new ArrayList<>();
        BatchReport report = SparkSegmentation.run(input.toString(), out, model, SegmentationOptions.defaults(), LOCAL2, false, false,
                new Progress() {
                    @Override
                    public void update(long done, long total, String message) {
                        updates.add(message);
                    }

                    @Override
                    public boolean isCancelled() {
                        return false;
                    }
                });
        assertEquals(6, report.items().size());
        assertEquals(4, report.count(BatchStatus.OK));
        assertEquals(2, report.count(BatchStatus.SKIPPED), "the corrupt TIFF and the text file are rows with their reason");
        assertSameOutputs(batchOut, out);
        assertTrue(updates.stream().anyMatch(m -> m.startsWith("6/6 images")), updates.toString());
    }

    @Test
    void aRetriedTaskLeavesTheOutputsOfACleanRun() throws Exception {
        Path out = dir.resolve("out-retry");
        String first;
        try (Stream<Path> files = Files.list(NUCLEI)) {
            first = files.sorted().findFirst().orElseThrow().getFileName().toString();
        }
        System.setProperty(SparkSegmentation.FAIL_FIRST_ATTEMPT_PROPERTY, first);
        try {
            // Two images per task: the failed first attempt had written the first image's outputs, the retry finds them.
            SparkSegmentation.run(input.toString(), out, model, SegmentationOptions.defaults(),
                    new SparkSegmentation.Settings("local[2,4]", 3, 1, Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1")),
                    false, false, Progress.NONE);
        } finally {
            System.clearProperty(SparkSegmentation.FAIL_FIRST_ATTEMPT_PROPERTY);
        }
        assertSameOutputs(batchOut, out);
    }

    @Test
    void aMissingModelOrAFileAsOutputFailsOnTheDriverBeforeAnyTask() throws Exception {
        Path out = dir.resolve("out-never");
        assertThrows(ModelLoadException.class, () -> SparkSegmentation.run(input.toString(), out, dir.resolve("no-model"),
                SegmentationOptions.defaults(), LOCAL2, false, false, Progress.NONE));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThrows(InvalidInputException.class, () -> SparkSegmentation.run(input.toString(), file, model, SegmentationOptions.defaults(),
                LOCAL2, false, false, Progress.NONE));
        String again = assertThrows(InvalidInputException.class, () -> SparkSegmentation.run(input.toString(), batchOut, model,
                SegmentationOptions.defaults(), LOCAL2, false, false, Progress.NONE)).getMessage();
        assertTrue(again.contains("already holds results") && again.contains("--overwrite"), again);
        assertFalse(Files.exists(out));
    }

    @Test
    void globsAndListFilesNameTheInputs() throws Exception {
        List<Path> globbed = SparkInputs.list(input + "/*.tif", dir.resolve("o"));
        assertEquals(5, globbed.size(), globbed.toString());
        Path list = Files.writeString(dir.resolve("list.csv"), "path,well\nin/" + globbed.get(0).getFileName() + ",A1\n" + globbed.get(1) + ",A2\n");
        assertEquals(List.of(globbed.get(0).toAbsolutePath(), globbed.get(1)), SparkInputs.list(list.toString(), dir.resolve("o")));
    }

    /** The command line: a glob, local[2], the summary line and the files of batch. */
    @Test
    void theCommandLineRunsAGlob() throws Exception {
        Path out = dir.resolve("out-cli");
        io.github.fijiunet.cli.CliRun run = io.github.fijiunet.cli.CliRun.of("spark", "--model", model.toString(), "--input", input + "/0*.tif",
                "--output", out.toString(), "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                "--threads", "1");
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("2 files: 2 segmented, 0 kept, 0 skipped, 0 failed"), run.out);
        assertTrue(run.err.contains("2/2 images"), run.err);
        assertTrue(Files.isRegularFile(out.resolve("00071198d059ba7f_labels.tif")));
    }

    /** The same summary rows and, per image, the same labels, ROI set and results. */
    static void assertSameOutputs(Path expected, Path actual) throws Exception {
        assertEquals(Files.readAllLines(expected.resolve(BatchSegmentation.SUMMARY_FILE)), Files.readAllLines(actual.resolve(BatchSegmentation.SUMMARY_FILE)));
        List<String> names;
        try (Stream<Path> files = Files.list(expected)) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(BatchSegmentation.SUMMARY_FILE)).sorted().collect(Collectors.toList());
        }
        try (Stream<Path> files = Files.list(actual)) {
            assertEquals(names, files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(BatchSegmentation.SUMMARY_FILE))
                    .sorted().collect(Collectors.toList()), "the same files, nothing half-written or doubled");
        }
        for (String name : names) {
            if (name.endsWith("_labels.tif")) {
                ImagePlus a = IJ.openImage(expected.resolve(name).toString());
                ImagePlus b = IJ.openImage(actual.resolve(name).toString());
                assertArrayEquals((short[]) a.getProcessor().getPixels(), (short[]) b.getProcessor().getPixels(), name);
            } else if (name.endsWith(".csv")) {
                assertEquals(Files.readAllLines(expected.resolve(name)), Files.readAllLines(actual.resolve(name)), name);
            } else if (name.endsWith(".zip")) {
                assertEquals(io.github.fijiunet.workflow.Rois.readZip(expected.resolve(name)).size(),
                        io.github.fijiunet.workflow.Rois.readZip(actual.resolve(name)).size(), name);
            }
        }
    }
}
