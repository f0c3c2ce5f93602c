package io.github.fijiunet.fiji;

import io.github.fijiunet.CancelledException;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.InvalidOptionException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.TestImages;
import io.github.fijiunet.TestModels;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.predict.TilingOptions;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.workflow.BatchItem;
import io.github.fijiunet.workflow.BatchReport;
import io.github.fijiunet.workflow.BatchSegmentation;
import io.github.fijiunet.workflow.BatchStatus;
import io.github.fijiunet.workflow.ImageSegmentation;
import io.github.fijiunet.workflow.OutputFolder;
import io.github.fijiunet.workflow.SegmentationOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchSegmentationTest {

    @TempDir
    static Path models;

    private static LoadedModel model;

    @BeforeAll
    static void export() throws Exception {
        model = LoadedModel.load(TestModels.exportTinyUNet(models.resolve("unet"), 1, 1), RuntimeOptions.DEFAULT);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static BatchReport batch(Path input, Path output, boolean overwrite, Progress progress) {
        return BatchSegmentation.prepare(input, output, overwrite, OutputFolder.Wording.CLI).run(model, SegmentationOptions.defaults(), progress);
    }

    /** A good nuclei image, a damaged TIFF and a text file. */
    static Path inputFolder(Path dir) throws Exception {
        Path input = dir.resolve("in");
        TestImages.copy(TestImages.NUCLEI, input.resolve("nuclei.tif"));
        Files.write(input.resolve("broken.tif"), "II*\0 this is not really a TIFF".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(input.resolve("notes.txt"), "not an image");
        return input;
    }

    /** A folder of small fields runs side by side through nuclei-unet: each field's labels are exactly those of the field segmented alone. */
    @Test
    void fieldsSideBySideGetTheirOwnLabels(@TempDir Path dir) throws Exception {
        Path input = Files.createDirectories(dir.resolve("fields"));
        List<Path> sources;
        try (java.util.stream.Stream<Path> files = Files.list(Path.of("test-images", "nuclei", "images"))) {
            sources = files.sorted().collect(Collectors.toList());
        }
        List<ij.ImagePlus> fields = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ij.process.ImageProcessor ip = ij.IJ.openImage(sources.get(i % sources.size()).toString()).getProcessor();
            ip.setRoi(0, 0, 256, 256);
            ij.process.ImageProcessor crop = ip.crop();
            if (i >= sources.size()) crop.flipHorizontal();
            ij.ImagePlus field = new ij.ImagePlus("field" + i, crop);
            new ij.io.FileSaver(field).saveAsTiff(input.resolve(String.format(java.util.Locale.ROOT, "field%02d.tif", i)).toString());
            fields.add(field);
        }
        try (LoadedModel nuclei = LoadedModel.load(io.github.fijiunet.model.ModelCatalog.standard().resolve("nuclei-unet"), RuntimeOptions.DEFAULT)) {
            Path output = dir.resolve("out");
            BatchReport report = BatchSegmentation.prepare(input, output, false, OutputFolder.Wording.CLI).run(nuclei, SegmentationOptions.defaults(),
                    Progress.NONE);
            assertEquals(12, report.count(BatchStatus.OK));
            for (int i = 0; i < fields.size(); i++) {
                ij.ImagePlus aloneImage = ImageSegmentation.run(fields.get(i), nuclei, SegmentationOptions.defaults(), Progress.NONE).labelImage();
                int[] alone = io.github.fijiunet.io.LabelFiles.labels(aloneImage, aloneImage.getProcessor(), null);
                List<io.github.fijiunet.post.LabelPlane> batched = io.github.fijiunet.io.LabelFiles.read(
                        output.resolve(io.github.fijiunet.io.LabelFiles.fileName(String.format(java.util.Locale.ROOT, "field%02d", i))));
                int[] together = batched.get(0).labels();
                assertEquals(alone.length, together.length);
                org.junit.jupiter.api.Assertions.assertArrayEquals(alone, together, "field " + i);
                assertEquals(report.items().get(i).objects(), java.util.Arrays.stream(alone).max().getAsInt(), "field " + i + ": objects");
            }
            assertTrue(report.totalObjects() > 100, report.totalObjects() + " nuclei in the fields (the test can fail)");
        }
    }

    @Test
    void tilesTheModelCannotUseStopTheRunOnceBeforeAnyImage(@TempDir Path dir) throws Exception {
        Path input = inputFolder(dir);
        Path output = dir.resolve("out");
        // Tiles of 64 px inside a 40 px halo: refused for the run, rather than every image skipped with the same reason.
        SegmentationOptions options = SegmentationOptions.builder().tiling(new TilingOptions(64, 40, LoadedModel.WINDOW_MEMORY_BUDGET)).build();
        String message = assertThrows(InvalidOptionException.class,
                () -> BatchSegmentation.prepare(input, output, false, OutputFolder.Wording.CLI).run(model, options, Progress.NONE)).getMessage();
        assertTrue(message.contains("Tile size 64 is below 80 px, twice the 40 px halo"), message);
        assertFalse(Files.exists(output.resolve(BatchSegmentation.SUMMARY_FILE)));
    }

    @Test
    void segmentsGoodImagesAndSkipsTheRestWithReasons(@TempDir Path dir) throws Exception {
        Path input = inputFolder(dir);
        Path output = dir.resolve("out");
        BatchReport report = batch(input, output, false, Progress.NONE);

        List<BatchItem> items = report.items();
        assertEquals(List.of("broken.tif", "notes.txt", "nuclei.tif"), items.stream().map(BatchItem::file).collect(Collectors.toList()));
        assertEquals(BatchStatus.SKIPPED, items.get(0).status());
        assertTrue(items.get(0).message().contains("damaged"), items.get(0).message());
        assertEquals(BatchStatus.SKIPPED, items.get(1).status());
        assertTrue(items.get(1).message().contains("not an image"), items.get(1).message());
        BatchItem good = items.get(2);
        assertEquals(BatchStatus.OK, good.status(), good.message());
        assertEquals(1, good.planes());
        for (Path f : SegmentationOutput.filesFor(output, "nuclei")) assertTrue(Files.isRegularFile(f), f.toString());

        List<String> summary = Files.readAllLines(report.summaryFile());
        assertEquals(output.resolve(BatchSegmentation.SUMMARY_FILE), report.summaryFile());
        assertEquals("file,planes,objects,mean_area,status,message", summary.get(0));
        assertEquals(4, summary.size());
        assertTrue(summary.get(1).startsWith("broken.tif,0,0,,SKIPPED,"), summary.get(1));
        assertTrue(summary.get(3).startsWith("nuclei.tif,1," + good.objects() + ","), summary.get(3));
        assertTrue(summary.get(3).contains(",OK,nuclei"), summary.get(3));
        assertEquals(good.objects(), report.totalObjects());
        assertEquals(2, report.count(BatchStatus.SKIPPED));
    }

    @Test
    void secondRunRefusesToOverwriteUnlessAllowed(@TempDir Path dir) throws Exception {
        Path input = inputFolder(dir);
        Path output = dir.resolve("out");
        batch(input, output, false, Progress.NONE);
        long before = Files.getLastModifiedTime(output.resolve(BatchSegmentation.SUMMARY_FILE)).toMillis();

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> batch(input, output, false, Progress.NONE));
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
        assertTrue(e.getMessage().contains("summary.csv"), e.getMessage());
        assertEquals(before, Files.getLastModifiedTime(output.resolve(BatchSegmentation.SUMMARY_FILE)).toMillis());

        BatchReport again = batch(input, output, true, Progress.NONE);
        assertEquals(1, again.count(BatchStatus.OK));
    }

    @Test
    void cancellingLeavesNoPartFilesAndMarksTheRest(@TempDir Path dir) throws Exception {
        Path input = inputFolder(dir);
        Path output = dir.resolve("out");
        Progress cancelAtTheGoodImage = new Progress() {
            private volatile boolean cancelled;

            @Override
            public void update(long done, long total, String message) {
                if (message.contains("nuclei.tif")) cancelled = true;
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }
        };
        assertThrows(CancelledException.class,
                () -> batch(input, output, false, cancelAtTheGoodImage));
        List<String> summary = Files.readAllLines(output.resolve(BatchSegmentation.SUMMARY_FILE));
        assertTrue(summary.get(3).startsWith("nuclei.tif,0,0,,CANCELLED,"), summary.get(3));
        try (Stream<Path> files = Files.list(output)) {
            assertEquals(List.of(BatchSegmentation.SUMMARY_FILE),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
        assertFalse(Files.exists(output.resolve("nuclei_labels.tif")));
    }

    @Test
    void outputFolderMustDifferFromInput(@TempDir Path dir) throws Exception {
        Path input = inputFolder(dir);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> batch(input, input, false, Progress.NONE));
        assertTrue(e.getMessage().contains("separate output folder"), e.getMessage());
    }

    @Test
    void aSymbolicLinkToTheInputFolderIsTheInputFolder(@TempDir Path dir) throws Exception {
        Path input = inputFolder(dir);
        Path link = Files.createSymbolicLink(dir.resolve("link"), input);
        Path linkedParent = Files.createSymbolicLink(dir.resolve("parent-link"), dir);
        for (Path output : List.of(link, linkedParent.resolve("in"))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> batch(input, output, false, Progress.NONE));
            assertTrue(e.getMessage().contains("separate output folder"), e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> batch(link, input, false, Progress.NONE));
        try (Stream<Path> files = Files.list(input)) {
            assertEquals(3, files.count(), "nothing written into the input folder");
        }
    }

    @Test
    void fijiUnetOutputsInTheInputFolderAreNotInputs(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in");
        Path nuclei = TestImages.copy(TestImages.NUCLEI, input.resolve("nuclei.tif"));
        // Readable images named like outputs: an earlier run into the input folder, or outputs copied there.
        Files.copy(nuclei, input.resolve("old_labels.tif"));
        Files.copy(nuclei, input.resolve("old_labels.tiff"));
        new ij.io.FileSaver(ij.IJ.openImage(nuclei.toString())).saveAsPng(input.resolve("old_overlay.png").toString());
        Files.writeString(input.resolve("old_results.csv"), "Object\n");
        Files.writeString(input.resolve("old_rois.zip"), "");
        Files.writeString(input.resolve(BatchSegmentation.SUMMARY_FILE), "file\n");
        BatchReport report = batch(input, dir.resolve("out"), false, Progress.NONE);
        assertEquals(List.of("nuclei.tif"), report.items().stream().map(BatchItem::file).collect(Collectors.toList()));
        assertEquals(BatchStatus.OK, report.items().get(0).status());
    }

    @Test
    void theFijiBatchChecksTheOutputFolderBeforeLoadingTheModel(@TempDir Path dir) throws Exception {
        Path input = inputFolder(dir);
        Path file = Files.writeString(dir.resolve("afile"), "x");
        SegmentCellsSettings settings = new SegmentCellsSettings();
        settings.set(SegmentationOption.MODEL, dir.resolve("no-such-model").toString());
        // The model would fail to load; the folder is checked first.
        String message = assertThrows(InvalidInputException.class, () -> SegmentCells.batch(input, file, settings, false, false,
                OutputFolder.Wording.DIALOG, Progress.NONE, line -> {})).getMessage();
        assertEquals("The output folder " + file + " is a file, not a folder. Give a folder for the results (it is created if missing).", message);
    }

    /** A stopped batch continues: complete outputs are kept (and counted), the missing ones made; a changed set is refused. */
    @Test
    void resumeKeepsCompleteOutputsAndSegmentsTheRest(@TempDir Path dir) throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        for (String name : List.of("00071198d059ba7f.tif", "0280fa8f60f6bcae.tif")) {
            Files.copy(Path.of("test-images/nuclei/images", name), input.resolve(name));
        }
        Path out = dir.resolve("out");
        SegmentationOptions options = SegmentationOptions.builder()
                .instances(io.github.fijiunet.post.InstanceOptions.builder().threshold(io.github.fijiunet.post.Threshold.OTSU).minSize(5).build()).build();
        BatchReport first = BatchSegmentation.prepare(input, out, false, OutputFolder.Wording.CLI).run(model, options, Progress.NONE);
        assertEquals(2, first.count(BatchStatus.OK));
        assertTrue(first.items().get(0).objects() > 0, "objects to count");
        // As if the batch had stopped before the second image: its outputs are not there.
        for (Path f : SegmentationOutput.filesFor(out, "0280fa8f60f6bcae")) Files.delete(f);
        assertThrows(InvalidInputException.class, () -> batch(input, out, false, Progress.NONE), "without resume: results exist");
        BatchReport resumed = BatchSegmentation.prepare(input, out, false, true, OutputFolder.Wording.CLI)
                .run(model, options, Progress.NONE);
        assertEquals(List.of(BatchStatus.KEPT, BatchStatus.OK), resumed.items().stream().map(BatchItem::status).collect(Collectors.toList()));
        assertEquals(first.items().get(0).objects(), resumed.items().get(0).objects(), "kept objects counted from their results CSV");
        assertEquals(first.items().get(0).meanArea(), resumed.items().get(0).meanArea(), 1e-3);
        assertEquals(first.totalObjects(), resumed.totalObjects());
        assertTrue(Files.readString(out.resolve(BatchSegmentation.SUMMARY_FILE)).contains("KEPT"), "the summary is rewritten");
        // Someone removed one file of a set: that is not a stopped run, and resume does not paper over it.
        Files.delete(SegmentationOutput.filesFor(out, "00071198d059ba7f").get(1));
        assertThrows(InvalidInputException.class, () -> BatchSegmentation.prepare(input, out, false, true, OutputFolder.Wording.CLI));
    }
}
