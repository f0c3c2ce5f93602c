package io.github.fijiunet.predict;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.TestClassifiers;
import io.github.fijiunet.TestModels;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.PlaneStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageClassifierTest {

    @TempDir
    static Path dir;

    private static LoadedModel model;

    @BeforeAll
    static void export() throws Exception {
        model = LoadedModel.load(TestClassifiers.exportSideClassifier(dir.resolve("side")), RuntimeOptions.DEFAULT);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** A w×h 8-bit plane, dark, with a bright bar over the given fraction of one side. */
    private static ArrayPlane bar(int w, int h, String side) {
        byte[] pixels = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean bright;
                switch (side) {
                    case "left": bright = x < w / 3; break;
                    case "right": bright = x >= w - w / 3; break;
                    case "top": bright = y < h / 3; break;
                    default: bright = y >= h - h / 3;
                }
                pixels[y * w + x] = (byte) (bright ? 200 : 10);
            }
        }
        return ArrayPlane.of(ArrayPlane.Kind.UINT8, w, h, pixels);
    }

    @Test
    void wholePlanesOfAnySizeAreResizedAndClassified() {
        ImageClassifier classifier = new ImageClassifier(model, ClassificationOptions.defaults());
        assertEquals(TestClassifiers.CLASSES, classifier.classNames());
        for (String side : TestClassifiers.CLASSES) {
            for (int[] size : new int[][] {{8, 8}, {40, 30}, {5, 6}}) {
                Classification c = classifier.classify(bar(size[0], size[1], side));
                assertEquals(side, c.className(), side + " bar in " + size[0] + "x" + size[1]);
                assertEquals(TestClassifiers.CLASSES.indexOf(side), c.classIndex());
                float[] p = c.probabilities();
                float sum = 0;
                for (float v : p) sum += v;
                assertEquals(1f, sum, 1e-4f);
                assertEquals(p[c.classIndex()], c.probability());
                assertTrue(c.probability() > 0.5f, c.toString());
            }
        }
    }

    @Test
    void cropsAreBatchedAndKeepTheirOrder() {
        // A 64×16 image with four 16×16 cells: left, right, top, bottom bars; 3 per batch.
        int w = 64;
        int h = 16;
        byte[] pixels = new byte[w * h];
        for (int cell = 0; cell < 4; cell++) {
            ArrayPlane piece = bar(16, 16, TestClassifiers.CLASSES.get(cell));
            float[] row = new float[16];
            for (int y = 0; y < 16; y++) {
                piece.readRow(0, y, 0, 16, row, 0, 1);
                for (int x = 0; x < 16; x++) pixels[y * w + cell * 16 + x] = (byte) row[x];
            }
        }
        PlaneStack image = new PlaneStack(w, h, 1, 1, p -> ArrayPlane.of(ArrayPlane.Kind.UINT8, w, h, pixels));
        List<CropRegion> regions = new ArrayList<>();
        for (int cell = 3; cell >= 0; cell--) regions.add(CropRegion.box(0, cell * 16, 0, 16, 16));
        ClassificationOptions options = ClassificationOptions.builder().margin(0).batchSize(3).build();
        List<long[]> updates = new ArrayList<>();
        Progress progress = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                updates.add(new long[] {done, total});
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        List<Classification> results = new ImageClassifier(model, options).classifyCrops(image, regions, progress);
        List<String> names = new ArrayList<>();
        for (Classification c : results) names.add(c.className());
        assertEquals(List.of("bottom", "top", "right", "left"), names);
        assertEquals(2, updates.size());
        assertArrayEquals(new long[] {4, 4}, updates.get(1));
    }

    @Test
    void segmentationModelIsRefusedWithAHint() throws Exception {
        try (LoadedModel unet = LoadedModel.load(TestModels.exportTinyUNet(dir.resolve("unet"), 1, 3), RuntimeOptions.DEFAULT)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> new ImageClassifier(unet, ClassificationOptions.defaults()));
            assertTrue(e.getMessage().contains("Pick a classification model"), e.getMessage());
        }
    }

    @Test
    void channelMismatchIsRefusedWithAHint() {
        ImageClassifier classifier = new ImageClassifier(model, ClassificationOptions.defaults());
        ArrayPlane rgb = ArrayPlane.of(ArrayPlane.Kind.RGB, 8, 8, new int[64]);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> classifier.classify(rgb));
        assertTrue(e.getMessage().contains("1 channel(s); this one has 3"), e.getMessage());
        assertTrue(e.getMessage().contains("8-bit"), e.getMessage());
    }

    @Test
    void cancellationStopsBeforeTheNextBatch() {
        ImageClassifier classifier = new ImageClassifier(model, ClassificationOptions.builder().batchSize(1).build());
        Progress cancelled = new Progress() {
            @Override
            public void update(long done, long total, String message) {}

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThrows(io.github.fijiunet.CancelledException.class,
                () -> classifier.classifyAll(List.of(bar(8, 8, "left")), cancelled));
    }
}
