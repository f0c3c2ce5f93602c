package io.github.fijiunet.fiji;

import io.github.fijiunet.CancelledException;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.OptionValueException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.TestImages;
import io.github.fijiunet.TestModels;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.predict.TilingOptions;
import io.github.fijiunet.segment.SegmentationOptions;
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

    /** A good nuclei image, a damaged TIFF and a text file. */
    static Path inputFolder(Path dir) throws Exception {
        Path input = dir.resolve("in");
        TestImages.copy(TestImages.NUCLEI, input.resolve("nuclei.tif"));
        Files.write(input.resolve("broken.tif"), "II*\0 this is not really a TIFF".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(input.resolve("notes.txt"), "not an image");
        return input;
    }

    @Test
    void tilesTheModelCannotUseStopTheRunOnceBeforeAnyImage(@TempDir Path dir) throws Exception {
        Path input = inputFolder(dir);
        Path output = dir.resolve("out");
        // Tiles of 64 px inside a 40 px halo: refused for the run, rather than every image skipped with the same reason.
        SegmentationOptions options = SegmentationOptions.builder().tiling(new TilingOptions(64, 40, TilingOptions.DEFAULT_MEMORY_BUDGET)).build();
        String message = assertThrows(OptionValueException.class,
                () -> BatchSegmentation.run(input, output, model, options, false, Progress.NONE)).getMessage();
        assertTrue(message.contains("Tile size 64 is below 80 px, twice the 40 px halo"), message);
        assertFalse(Files.exists(output.resolve(BatchSegmentation.SUMMARY_FILE)));
    }

    @Test
    void segmentsGoodImagesAndSkipsTheRestWithReasons(@TempDir Path dir) throws Exception {
        Path input = inputFolder(dir);
        Path output = dir.resolve("out");
        BatchReport report = BatchSegmentation.run(input, output, model, SegmentationOptions.defaults(), false, Progress.NONE);

        List<BatchItem> items = report.items();
        assertEquals(List.of("broken.tif", "notes.txt", "nuclei.tif"), items.stream().map(BatchItem::file).collect(Collectors.toList()));
        assertEquals(BatchStatus.SKIPPED, items.get(0).status());
        assertTrue(items.get(0).message().contains("cannot read"), items.get(0).message());
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
        BatchSegmentation.run(input, output, model, SegmentationOptions.defaults(), false, Progress.NONE);
        long before = Files.getLastModifiedTime(output.resolve(BatchSegmentation.SUMMARY_FILE)).toMillis();

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> BatchSegmentation.run(input, output, model, SegmentationOptions.defaults(), false, Progress.NONE));
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
        assertTrue(e.getMessage().contains("summary.csv"), e.getMessage());
        assertEquals(before, Files.getLastModifiedTime(output.resolve(BatchSegmentation.SUMMARY_FILE)).toMillis());

        BatchReport again = BatchSegmentation.run(input, output, model, SegmentationOptions.defaults(), true, Progress.NONE);
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
                () -> BatchSegmentation.run(input, output, model, SegmentationOptions.defaults(), false, cancelAtTheGoodImage));
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
                () -> BatchSegmentation.run(input, input, model, SegmentationOptions.defaults(), false, Progress.NONE));
        assertTrue(e.getMessage().contains("separate output folder"), e.getMessage());
    }
}
