package io.github.fijiunet.segment;

import ij.IJ;
import ij.ImagePlus;
import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.Progress;
import io.github.fijiunet.eval.InstanceMatching;
import io.github.fijiunet.eval.MatchResult;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.ObjectMeasurement;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.ImagePlusImgs;
import io.github.fijiunet.tensor.PlaneSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Block-wise segmentation against the whole plane in one piece, on a real nuclei image. */
class BlockSegmenterTest {

    private static LoadedModel model;
    private static CellSegmenter segmenter;
    private static PlaneSource image;
    private static LabelPlane whole;

    @BeforeAll
    static void segmentInOnePiece() {
        model = LoadedModel.load(ModelCatalog.standard().resolve("nuclei-unet"), RuntimeOptions.DEFAULT);
        segmenter = new CellSegmenter(model, SegmentationOptions.defaults());
        ImagePlus imp = IJ.openImage(Path.of("test-images", "nuclei", "images", "20b20ab049372d18.tif").toString());
        image = ImagePlusImgs.planes(imp).plane(0);
        whole = segmenter.segment(ImagePlusImgs.planes(imp), PixelCalibration.PIXELS, Progress.NONE).get(0).labels();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void blocksFindTheSameObjectsOnceEach() {
        ArrayLabelCanvas canvas = new ArrayLabelCanvas(image.width(), image.height());
        List<ObjectMeasurement> measurements = new ArrayList<>();
        ChannelScaling scaling = segmenter.scalingFor(image);
        BlockSegmenter blocks = new BlockSegmenter(segmenter, 200, 64);
        assertTrue(blocks.blockCount(image.width(), image.height()) >= 9, "the test image spans several blocks");
        BlockSegmenter.Summary summary = blocks.segment(image, 0, scaling, PixelCalibration.PIXELS, canvas,
                (m, outline) -> measurements.add(m), Progress.NONE);
        LabelPlane blockwise = canvas.toLabelPlane(summary.objectCount());

        assertEquals(summary.objectCount(), measurements.size());
        Set<Integer> painted = new HashSet<>();
        for (int v : blockwise.labels()) if (v != 0) painted.add(v);
        for (ObjectMeasurement m : measurements) assertTrue(painted.contains(m.label()), "object " + m.label() + " is painted");
        assertEquals(measurements.size(), painted.size(), "every painted label is one reported object");

        MatchResult match = InstanceMatching.match(whole, blockwise, 0.5)[0];
        assertTrue(match.f1() >= 0.95, "block-wise vs one piece F1 " + match.f1() + " (" + whole.maxLabel() + " vs " + summary.objectCount() + " objects)");
        assertEquals(whole.maxLabel(), summary.objectCount(), Math.max(2, whole.maxLabel() / 30.0), "no object counted twice or lost at block borders");
    }

    /**
     * Blocks post-processed while the next is predicted (the tests' heap allows it) paint and
     * report exactly what blocks segmented and placed one after the other do.
     */
    @Test
    void blocksBesideTheNextPredictionEqualBlocksOneByOne() {
        assertTrue(Runtime.getRuntime().maxMemory() >= BlockSegmenter.OVERLAP_HEAP_BYTES, "the overlapped path runs here");
        ChannelScaling scaling = segmenter.scalingFor(image);
        BlockSegmenter blocks = new BlockSegmenter(segmenter, 200, 64);
        ArrayLabelCanvas overlapped = new ArrayLabelCanvas(image.width(), image.height());
        List<ObjectMeasurement> overlappedObjects = new ArrayList<>();
        int objects = blocks.segment(image, 0, scaling, PixelCalibration.PIXELS, overlapped, (m, o) -> overlappedObjects.add(m), Progress.NONE)
                .objectCount();
        ArrayLabelCanvas oneByOne = new ArrayLabelCanvas(image.width(), image.height());
        List<ObjectMeasurement> oneByOneObjects = new ArrayList<>();
        int placed = 0;
        for (int b = 0; b < blocks.blockCount(image.width(), image.height()); b++) {
            BlockSegmenter.Block block = blocks.segmentBlock(image, b, 0, scaling, PixelCalibration.PIXELS, Progress.NONE);
            BlockSegmenter.place(block, placed, oneByOne, (m, o) -> oneByOneObjects.add(m));
            placed += block.objectCount();
        }
        assertEquals(placed, objects);
        assertArrayEquals(oneByOne.toLabelPlane(placed).labels(), overlapped.toLabelPlane(objects).labels());
        assertEquals(oneByOneObjects.size(), overlappedObjects.size());
        for (int i = 0; i < oneByOneObjects.size(); i++) {
            assertEquals(oneByOneObjects.get(i).label(), overlappedObjects.get(i).label());
            assertEquals(oneByOneObjects.get(i).centroidX(), overlappedObjects.get(i).centroidX());
        }
    }

    @Test
    void streamedTiffHoldsTheSameLabelsAsMemory(@TempDir Path dir) {
        ChannelScaling scaling = segmenter.scalingFor(image);
        BlockSegmenter blocks = new BlockSegmenter(segmenter, 300, 64);
        ArrayLabelCanvas memory = new ArrayLabelCanvas(image.width(), image.height());
        int objects = blocks.segment(image, 0, scaling, PixelCalibration.PIXELS, memory, (m, o) -> { }, Progress.NONE).objectCount();
        Path file = dir.resolve("labels.tif");
        try (AtomicFiles.OutputSet set = new AtomicFiles.OutputSet("labels", List.of(file), false)) {
            LabelTiffFile tiff = new LabelTiffFile(set.open(file), image.width(), image.height(), 1, 1);
            blocks.segment(image, 0, scaling, PixelCalibration.PIXELS, tiff.plane(0), (m, o) -> { }, Progress.NONE);
            tiff.finish();
            set.commit();
        }
        ImagePlus opened = IJ.openImage(file.toString());
        assertEquals(image.width(), opened.getWidth());
        float[] pixels = (float[]) opened.getProcessor().getPixels();
        int[] expected = memory.toLabelPlane(objects).labels();
        float[] expectedFloats = new float[expected.length];
        for (int i = 0; i < expected.length; i++) expectedFloats[i] = expected[i];
        assertArrayEquals(expectedFloats, pixels);
    }

    @Test
    void aBlockFileKeepsEachObjectsUncertainty() throws Exception {
        CellSegmenter augmented = new CellSegmenter(model, SegmentationOptions.builder().testTimeAugmentation(true).build());
        BlockSegmenter blocks = new BlockSegmenter(augmented, 200, 64);
        BlockSegmenter.Block block = null;
        for (int b = 0; b < blocks.blockCount(image.width(), image.height()) && (block == null || block.objectCount() == 0); b++) {
            block = blocks.segmentBlock(image, b, 0, augmented.scalingFor(image), PixelCalibration.PIXELS, Progress.NONE);
        }
        assertTrue(block.objectCount() > 0, "a block holds nuclei");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        block.writeTo(bytes);
        BlockSegmenter.Block back = BlockSegmenter.Block.readFrom(new java.io.ByteArrayInputStream(bytes.toByteArray()));
        for (int i = 0; i < block.objectCount(); i++) {
            double u = block.measurements.get(i).uncertainty();
            assertTrue(u >= 0 && u <= 0.5, "object " + i + " has an uncertainty: " + u);
            assertEquals(u, back.measurements.get(i).uncertainty(), "object " + i + " read back");
        }
    }

    @Test
    void ownershipGoesByCentroid() {
        // Label 1 centred in the core (2..5), label 2 centred outside it, label 3 straddling with its centroid inside.
        int[] values = {
            0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 1, 1, 0, 0, 0, 2,
            0, 0, 1, 1, 0, 0, 0, 2,
            3, 3, 3, 3, 0, 0, 0, 0,
        };
        int[] owner = BlockSegmenter.ownedLabels(new LabelPlane(8, 4, values, 3), 2, 0, 4, 4);
        assertEquals(1, owner[1]);
        assertEquals(0, owner[2]);
        assertEquals(2, owner[3]);
    }
}
