package io.github.fijiunet.spark;

import ij.IJ;
import ij.ImagePlus;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.ModelLoadException;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.post.ObjectMeasurement;
import io.github.fijiunet.segment.CellSegmenter;
import io.github.fijiunet.segment.LabelCanvas;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.tensor.ImagePlusImgs;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.workflow.ImageSegmentation;
import io.github.fijiunet.workflow.ResultsTables;
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
    private static final SparkSegmentation.Settings LOCAL2 = new SparkSegmentation.Settings("local[2,4]", 0, 1, 0,
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
                    new SparkSegmentation.Settings("local[2,4]", 3, 1, 0, Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1")),
                    false, false, Progress.NONE);
        } finally {
            System.clearProperty(SparkSegmentation.FAIL_FIRST_ATTEMPT_PROPERTY);
        }
        assertSameOutputs(batchOut, out);
    }

    /**
     * A plane above four blocks goes as one task per block (their first attempts failing after
     * writing their block, as a killed executor would): the labels and rows the single-machine
     * block-wise path gives the same plane, calibration included, and no block file left behind.
     */
    @Test
    void aLargePlaneAsBlockTasksHasTheObjectsOfTheStreamedPath() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in-large"));
        ImagePlus large = IJ.openImage(NUCLEI.resolve("2cfa61bef6542dd3.tif").toString()); // 696x520: 9 blocks of 256
        large.getCalibration().pixelWidth = 0.65;
        large.getCalibration().pixelHeight = 0.65;
        large.getCalibration().setUnit("micron");
        assertTrue(new ij.io.FileSaver(large).saveAsTiff(in.resolve("large.tif").toString()));
        Files.copy(NUCLEI.resolve("00071198d059ba7f.tif"), in.resolve("small.tif"));
        Path out = dir.resolve("out-large");
        System.setProperty(SparkSegmentation.FAIL_FIRST_ATTEMPT_PROPERTY, "large.tif");
        BatchReport report;
        try {
            report = SparkSegmentation.run(in.toString(), out, model, SegmentationOptions.defaults(),
                    new SparkSegmentation.Settings("local[2,4]", 0, 1, 256, Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1")),
                    false, false, Progress.NONE);
        } finally {
            System.clearProperty(SparkSegmentation.FAIL_FIRST_ATTEMPT_PROPERTY);
        }

        ImagePlus opened = IJ.openImage(in.resolve("large.tif").toString());
        int width = opened.getWidth();
        int[] labels = new int[width * opened.getHeight()];
        LabelCanvas canvas = new LabelCanvas() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return labels.length / width;
            }

            @Override
            public void claim(int y, int x, int[] values, int offset, int length) {
                for (int i = 0; i < length; i++) {
                    if (values[offset + i] != 0 && labels[y * width + x + i] == 0) labels[y * width + x + i] = values[offset + i];
                }
            }
        };
        List<ObjectMeasurement> expected = new ArrayList<>();
        try (LoadedModel loaded = LoadedModel.load(model, new RuntimeOptions(io.github.fijiunet.model.ComputeDevice.CPU, 1, 1,
                io.github.fijiunet.model.Precision.FLOAT32))) {
            CellSegmenter segmenter = new CellSegmenter(loaded, SegmentationOptions.defaults());
            PlaneSource plane = ImagePlusImgs.planes(opened, 0).plane(0);
            segmenter.blocksOf(plane, 256).segment(plane, 0, segmenter.scalingFor(plane), ImageSegmentation.calibrationOf(opened), canvas,
                    (m, outline) -> expected.add(m), Progress.NONE);
        }
        assertTrue(expected.size() > 20, "a plane with many objects: " + expected.size());
        float[] written = (float[]) IJ.openImage(out.resolve("large_labels.tif").toString()).getProcessor().getPixels();
        assertEquals(labels.length, written.length);
        for (int i = 0; i < labels.length; i++) assertEquals(labels[i], (int) written[i], "label at pixel " + i);

        List<String> rows = Files.readAllLines(out.resolve("large_results.csv"));
        assertEquals(expected.size() + 1, rows.size());
        List<String> header = List.of(rows.get(0).split(","));
        for (int i = 0; i < expected.size(); i++) {
            String[] cells = rows.get(i + 1).split(",");
            ObjectMeasurement m = expected.get(i);
            assertEquals(m.label(), Integer.parseInt(cells[header.indexOf(ResultsTables.OBJECT)]));
            // The CSV holds 6 significant digits.
            assertEquals(m.area(), Double.parseDouble(cells[header.indexOf(ResultsTables.AREA)]), 1e-5 * m.area());
            assertEquals(m.centroidX(), Double.parseDouble(cells[header.indexOf(ResultsTables.X)]), 1e-5 * m.centroidX());
            assertEquals("micron", cells[header.indexOf(ResultsTables.UNIT)]);
        }
        assertEquals(BatchStatus.OK, report.items().get(0).status(), report.items().toString());
        assertEquals(expected.size(), report.items().get(0).objects());
        assertEquals(BatchStatus.OK, report.items().get(1).status());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("large_labels.tif", "large_results.csv", "small_labels.tif", "small_overlay.png", "small_results.csv",
                    "small_rois.zip", BatchSegmentation.SUMMARY_FILE), files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList()),
                    "the large plane's streamed files, the small image's batch files, no block files");
        }
    }

    /** The same folder named by a Hadoop URI: listed and read through Hadoop's file system, the same files and rows as batch. */
    @Test
    void aHadoopUriReadsTheSameImages() throws Exception {
        Path out = dir.resolve("out-uri");
        String uri = input.toAbsolutePath().toUri().toString();
        assertTrue(SparkInputs.isUri(uri) && uri.startsWith("file:"), uri);
        SparkSegmentation.run(uri, out, model, SegmentationOptions.defaults(), LOCAL2, false, false, Progress.NONE);
        List<String> rows = Files.readAllLines(out.resolve(BatchSegmentation.SUMMARY_FILE));
        Path corrupt = input.toAbsolutePath().resolve("corrupt.tif");
        String corruptUri = corrupt.toUri().toString();
        assertTrue(rows.stream().anyMatch(r -> r.contains(corruptUri + " is damaged")), "reasons name the input's URI: " + rows);
        Files.write(out.resolve(BatchSegmentation.SUMMARY_FILE), rows.stream().map(r -> r.replace(corruptUri, corrupt.toString()))
                .collect(Collectors.toList()));
        assertSameOutputs(batchOut, out);
        assertEquals(2, SparkInputs.listUri(uri + "/0*.tif").size(), "a glob URI");
        String missing = assertThrows(InvalidInputException.class, () -> SparkInputs.listUri(uri + "/no-such-folder")).getMessage();
        assertTrue(missing.contains("does not exist"), missing);
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
