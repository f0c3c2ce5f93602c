package io.github.fijiunet.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import io.github.fijiunet.CancelledException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.segment.BlockSegmenter;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.workflow.ImageSegmentation;
import io.github.fijiunet.workflow.ResultsTables;
import io.github.fijiunet.workflow.SegmentationOutput;
import io.github.fijiunet.workflow.StreamedSegmentation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Virtual stacks are read a plane at a time and their labels and measurements streamed, equal to the in-memory result. */
class StreamedSegmentationTest {

    private static LoadedModel model;

    @BeforeAll
    static void load() {
        model = LoadedModel.load(ModelCatalog.standard().resolve("nuclei-unet"), RuntimeOptions.DEFAULT);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Three time points (the nuclei image, flipped, rotated) saved as a multi-page TIFF. */
    private static Path stackFile(Path dir) {
        ImageProcessor nuclei = IJ.openImage(Path.of("test-images", "nuclei", "images", "00071198d059ba7f.tif").toString()).getProcessor();
        ImageStack stack = new ImageStack(nuclei.getWidth(), nuclei.getHeight());
        stack.addSlice(nuclei);
        ImageProcessor flipped = nuclei.duplicate();
        flipped.flipHorizontal();
        stack.addSlice(flipped);
        ImageProcessor rotated = nuclei.duplicate();
        rotated.flipVertical();
        stack.addSlice(rotated);
        Path file = dir.resolve("stack.tif");
        ImagePlus series = new ImagePlus("stack", stack);
        series.setDimensions(1, 1, 3);
        assertTrue(new FileSaver(series).saveAsTiffStack(file.toString()));
        return file;
    }

    @Test
    void virtualStacksStreamTheSameLabelsAsMemory(@TempDir Path dir) throws Exception {
        Path file = stackFile(dir);
        ImagePlus virtual = IJ.openVirtual(file.toString());
        assertTrue(StreamedSegmentation.appliesTo(virtual));
        assertEquals("3 frames, segmented as 3 independent 2-D planes (objects are not linked across them; Results: Slice and Frame)",
                ImageSegmentation.planesNote(virtual));
        Path out = dir.resolve("out");
        BlockSegmenter.Summary summary = StreamedSegmentation.run(virtual, model, SegmentationOptions.defaults(), out, "stack", false, Progress.NONE);

        SegmentationOutput memory = ImageSegmentation.run(IJ.openImage(file.toString()), model, SegmentationOptions.defaults(), Progress.NONE);
        assertEquals(memory.objectCount(), summary.objectCount());
        ImagePlus streamed = IJ.openImage(out.resolve("stack_labels.tif").toString());
        assertEquals(3, streamed.getStackSize());
        assertEquals(3, streamed.getNFrames(), "the labels keep the time axis");
        for (int p = 1; p <= 3; p++) {
            float[] expected = (float[]) memory.labelImage().getStack().getProcessor(p).convertToFloat().getPixels();
            assertArrayEquals(expected, (float[]) streamed.getStack().getPixels(p), "plane " + p);
        }
        List<String> rows = Files.readAllLines(out.resolve("stack_results.csv"));
        assertEquals(summary.objectCount() + 1, rows.size());
        assertTrue(rows.get(0).startsWith("Object,Plane,Slice,Frame,Area"), rows.get(0));
        assertTrue(rows.stream().skip(1).anyMatch(r -> r.startsWith(r.split(",")[0] + ",3,1,3,")), "rows of the third plane: slice 1, frame 3");
        assertTrue(rows.get(0).endsWith(",Unit") && rows.stream().skip(1).allMatch(r -> r.endsWith(",pixel")), rows.get(0) + "\n" + rows.get(1));
        // The in-memory table says the same: a time series' planes are frames.
        ij.measure.ResultsTable table = memory.results();
        for (int row = 0; row < table.size(); row++) {
            int plane = (int) table.getValue(ResultsTables.PLANE, row);
            assertEquals(1, (int) table.getValue(ResultsTables.SLICE, row));
            assertEquals(plane, (int) table.getValue(ResultsTables.FRAME, row));
        }
    }

    /** A calibrated image is measured in its unit, which the Unit column and the status line name; ImageJ's column names stay. */
    @Test
    void calibratedImagesAreMeasuredInTheirUnit() {
        ImagePlus plain = IJ.openImage(Path.of("test-images", "nuclei", "images", "00071198d059ba7f.tif").toString());
        ImagePlus calibrated = plain.duplicate();
        calibrated.setTitle("calibrated.tif");
        calibrated.getCalibration().pixelWidth = 0.5;
        calibrated.getCalibration().pixelHeight = 0.25;
        calibrated.getCalibration().setUnit("µm");
        SegmentationOutput inPixels = ImageSegmentation.run(plain, model, SegmentationOptions.defaults(), Progress.NONE);
        SegmentationOutput inMicrons = ImageSegmentation.run(calibrated, model, SegmentationOptions.defaults(), Progress.NONE);
        assertEquals(inPixels.objectCount(), inMicrons.objectCount());
        assertTrue(inPixels.objectCount() > 10);
        ij.measure.ResultsTable pixels = inPixels.results();
        ij.measure.ResultsTable microns = inMicrons.results();
        for (int row = 0; row < pixels.size(); row++) {
            assertEquals(pixels.getValue(ResultsTables.AREA, row) * 0.125, microns.getValue(ResultsTables.AREA, row), 1e-9);
            assertEquals(pixels.getValue(ResultsTables.X, row) * 0.5, microns.getValue(ResultsTables.X, row), 1e-9);
            assertEquals(pixels.getValue(ResultsTables.Y, row) * 0.25, microns.getValue(ResultsTables.Y, row), 1e-9);
            assertEquals("pixel", pixels.getStringValue(ResultsTables.UNIT, row));
            assertEquals("µm", microns.getStringValue(ResultsTables.UNIT, row));
        }
        assertEquals(inPixels.objectCount() + " objects in 00071198d059ba7f.tif (sizes in pixels)", inPixels.summary());
        assertEquals(inMicrons.objectCount() + " objects in calibrated.tif (Area in µm^2; X, Y, Perimeter in µm)", inMicrons.summary());
    }

    @Test
    void cancellingLeavesNoFiles(@TempDir Path dir) throws Exception {
        ImagePlus virtual = IJ.openVirtual(stackFile(dir).toString());
        Path out = dir.resolve("out");
        int[] updates = {0};
        Progress cancelSoon = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                updates[0]++;
            }

            @Override
            public boolean isCancelled() {
                return updates[0] > 0;
            }
        };
        assertThrows(CancelledException.class,
                () -> StreamedSegmentation.run(virtual, model, SegmentationOptions.defaults(), out, "stack", false, cancelSoon));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(), files.map(Path::getFileName).map(Path::toString).collect(java.util.stream.Collectors.toList()));
        }
    }
}
