package io.github.fijiunet.predict;

import io.github.fijiunet.CancelledException;
import io.github.fijiunet.InvalidOptionException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.TestModels;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.ModelLoadException;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.tensor.Normalizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TiledPredictorTest {

    @TempDir
    static Path tmp;

    static LoadedModel model;

    @BeforeAll
    static void exportModel() throws Exception {
        model = LoadedModel.load(TestModels.exportTinyUNet(tmp.resolve("tiny"), 1, 2), RuntimeOptions.DEFAULT);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static ArrayPlane randomImage(int width, int height, long seed) {
        Random random = new Random(seed);
        short[] pixels = new short[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double blob = Math.sin(x * 0.21) * Math.cos(y * 0.17);
                pixels[y * width + x] = (short) (2000 + 1500 * blob + random.nextInt(300));
            }
        }
        return ArrayPlane.of(ArrayPlane.Kind.UINT16, width, height, (Object) pixels);
    }

    static float[][] predict(ArrayPlane image, int tileSize) {
        float[][] out = {new float[image.width() * image.height()], new float[image.width() * image.height()]};
        ArrayPlane target = ArrayPlane.of(ArrayPlane.Kind.FLOAT32, image.width(), image.height(), out[0], out[1]);
        ChannelScaling scaling = Normalizer.compute(image, Normalization.percentile(1, 99.8));
        new TiledPredictor(model, TilingOptions.tileSize(tileSize))
                .predictPlane(image, scaling, target, (done, total, message) -> {}, Progress.NONE);
        return out;
    }

    @ParameterizedTest(name = "{0}x{1} in tiles of {2}")
    @CsvSource({"1,1,64", "17,1023,64", "200,77,64", "301,259,96", "130,130,66", "33,200,80"})
    void tiledEqualsSinglePass(int width, int height, int tileSize) {
        ArrayPlane image = randomImage(width, height, width * 31L + height);
        float[][] single = predict(image, Integer.MAX_VALUE);
        float[][] tiled = predict(image, tileSize);
        double worst = 0;
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < single[c].length; i++) worst = Math.max(worst, Math.abs(single[c][i] - tiled[c][i]));
        }
        assertTrue(worst <= 1e-4, "largest difference tiled vs single pass " + worst);
        assertTrue(single[0][0] > 0 && single[0][0] < 1, "sigmoid output expected, got " + single[0][0]);
    }

    /** Probabilities [0], [1] and the uncertainty map [2] of test-time augmented prediction. */
    static float[][] predictAugmented(ArrayPlane image, int tileSize) {
        int n = image.width() * image.height();
        float[][] out = {new float[n], new float[n], null};
        ArrayPlane target = ArrayPlane.of(ArrayPlane.Kind.FLOAT32, image.width(), image.height(), out[0], out[1]);
        TestTimeAugmentation augmented = new TestTimeAugmentation(image.width(), image.height());
        new TiledPredictor(model, TilingOptions.tileSize(tileSize)).predictPlane(image, Normalizer.compute(image, Normalization.percentile(1, 99.8)),
                target, augmented, (done, total, message) -> {}, Progress.NONE);
        out[2] = augmented.uncertainty();
        return out;
    }

    @ParameterizedTest(name = "{0}x{1} in tiles of {2}")
    @CsvSource({"17,203,64", "200,77,64", "130,130,66"})
    void augmentedTiledEqualsAugmentedSinglePass(int width, int height, int tileSize) {
        ArrayPlane image = randomImage(width, height, width * 7L + height);
        float[][] single = predictAugmented(image, Integer.MAX_VALUE);
        float[][] tiled = predictAugmented(image, tileSize);
        for (int c = 0; c < 3; c++) {
            double worst = 0;
            for (int i = 0; i < single[c].length; i++) worst = Math.max(worst, Math.abs(single[c][i] - tiled[c][i]));
            assertTrue(worst <= 1e-4, "channel " + c + ": largest difference tiled vs single pass " + worst);
        }
    }

    /** The image mapped by one of the 8 symmetries: bit 0 flips x, bit 1 flips y, bit 2 transposes first. */
    private static int[] symmetric(int code, int w, int h, int x, int y) {
        boolean transpose = (code & 4) != 0;
        int tw = transpose ? h : w;
        int th = transpose ? w : h;
        int tx = transpose ? y : x;
        int ty = transpose ? x : y;
        if ((code & 1) != 0) tx = tw - 1 - tx;
        if ((code & 2) != 0) ty = th - 1 - ty;
        return new int[] {tx, ty, tw, th};
    }

    @Test
    void augmentationIsTheMeanOfTheEightTransformedImagesPredictedAndMappedBack() {
        // Sides that are multiples of 16: a single pass's window is then symmetric, so each symmetry of the
        // image predicted plainly is the reference for that symmetry of the window.
        int w = 64;
        int h = 48;
        ArrayPlane image = randomImage(w, h, 11);
        short[] pixels = (short[]) image.array(0);
        float[][] sum = new float[2][w * h];
        float[] fg = new float[w * h];
        float[] fgSquares = new float[w * h];
        for (int code = 0; code < 8; code++) {
            int[] size = symmetric(code, w, h, 0, 0);
            short[] moved = new short[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int[] t = symmetric(code, w, h, x, y);
                    moved[t[1] * t[2] + t[0]] = pixels[y * w + x];
                }
            }
            // The same normalisation as the original image (percentiles do not change under symmetries).
            float[][] p = predict(ArrayPlane.of(ArrayPlane.Kind.UINT16, size[2], size[3], (Object) moved), Integer.MAX_VALUE);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int[] t = symmetric(code, w, h, x, y);
                    int from = t[1] * t[2] + t[0];
                    for (int c = 0; c < 2; c++) sum[c][y * w + x] += p[c][from];
                    float f = 1 - p[0][from];
                    fg[y * w + x] += f;
                    fgSquares[y * w + x] += f * f;
                }
            }
        }
        float[][] augmented = predictAugmented(image, Integer.MAX_VALUE);
        float[][] plain = predict(image, Integer.MAX_VALUE);
        double worst = 0;
        double worstUncertainty = 0;
        double changed = 0;
        double largestUncertainty = 0;
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < 2; c++) worst = Math.max(worst, Math.abs(sum[c][i] / 8 - augmented[c][i]));
            float mean = fg[i] / 8;
            double sd = Math.sqrt(Math.max(0, fgSquares[i] / 8 - mean * mean));
            worstUncertainty = Math.max(worstUncertainty, Math.abs(sd - augmented[2][i]));
            changed = Math.max(changed, Math.abs(plain[0][i] - augmented[0][i]));
            largestUncertainty = Math.max(largestUncertainty, augmented[2][i]);
        }
        assertTrue(worst <= 1e-4, "augmented vs the mean of the 8 mapped-back predictions: " + worst);
        assertTrue(worstUncertainty <= 1e-3, "uncertainty vs the standard deviation of the 8: " + worstUncertainty);
        // Guards the two checks above: the random network is not symmetric, so augmentation changes values.
        assertTrue(changed > 1e-3 && largestUncertainty > 1e-3, "augmentation changed nothing: " + changed + ", " + largestUncertainty);
    }

    @Test
    void tooSmallHaloShowsSeams() {
        // Guards the equality test above: with no halo the tiles must differ from a single pass.
        ArrayPlane image = randomImage(128, 128, 7);
        float[][] single = predict(image, Integer.MAX_VALUE);
        float[] out = new float[128 * 128];
        ArrayPlane target = ArrayPlane.of(ArrayPlane.Kind.FLOAT32, 128, 128, out, new float[128 * 128]);
        new TiledPredictor(model, new TilingOptions(64, 0, LoadedModel.WINDOW_MEMORY_BUDGET)).predictPlane(image,
                Normalizer.compute(image, Normalization.percentile(1, 99.8)), target, (d, t, m) -> {}, Progress.NONE);
        double worst = 0;
        for (int i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - single[0][i]));
        assertTrue(worst > 1e-3, "expected seams without halo, largest difference " + worst);
    }

    @Test
    void tilesCoverEveryPixelOnceWithAlignedWindows() {
        for (int[] size : new int[][] {{1, 1}, {17, 1023}, {1000, 999}, {4096, 17}}) {
            List<Tile> tiles = TileGrid.plan(size[0], size[1], 100, 60, 20, 16);
            int[] cover = new int[size[0] * size[1]];
            for (Tile t : tiles) {
                assertEquals(0, t.windowX % 16);
                assertEquals(0, t.windowY % 16);
                assertEquals(0, t.windowWidth % 16);
                assertEquals(0, t.windowHeight % 16);
                assertTrue(t.windowX <= t.x && t.windowX + t.windowWidth >= t.x + t.width, t.toString());
                for (int y = t.y; y < t.y + t.height; y++) for (int x = t.x; x < t.x + t.width; x++) cover[y * size[0] + x]++;
            }
            for (int c : cover) assertEquals(1, c);
        }
    }

    /** A copy of the tiny model whose descriptor has {@code from} replaced by {@code to}. */
    private static Path withDescriptorEdit(String name, String from, String to) throws Exception {
        Path dir = TestModels.exportTinyUNet(tmp.resolve(name), 1, 2);
        Path descriptor = dir.resolve(ModelDescriptor.FILE_NAME);
        String json = Files.readString(descriptor);
        assertTrue(json.contains(from), "test setup: descriptor lacks " + from);
        Files.writeString(descriptor, json.replace(from, to));
        return dir;
    }

    @Test
    void givenTileSizesRoundUpToTheMultipleAndTooSmallOnesAreRefused() throws Exception {
        // The tiny U-Net takes any even size, so a declared multiple of 16 is right, only coarser.
        try (LoadedModel coarse = LoadedModel.load(withDescriptorEdit("multiple-16", "\"tileMultiple\": " + TestModels.MULTIPLE,
                "\"tileMultiple\": 16"), RuntimeOptions.DEFAULT)) {
            TiledPredictor predictor = new TiledPredictor(coarse, TilingOptions.tileSize(250));
            assertEquals(256, predictor.tileSize());
            assertEquals(List.of(new Tile(0, 0, 256, 256, 0, 0, 256, 256)).toString(), predictor.tilesFor(256, 256).toString(),
                    "a 256² image is one tile, not four of 128");
            for (Tile t : predictor.tilesFor(600, 300)) {
                assertTrue(t.x % 16 == 0 && t.y % 16 == 0 && t.width <= 256 && t.height <= 256, t.toString());
            }
        }
        String tiny = assertThrows(InvalidOptionException.class, () -> TilingOptions.tileSize(1)).getMessage();
        assertTrue(tiny.contains("Tile size 1 is too small: give 0 (automatic) or at least " + TilingOptions.MIN_TILE_SIZE + " pixels"), tiny);
        String halo = assertThrows(InvalidOptionException.class, () -> new TiledPredictor(model, new TilingOptions(64, 40,
                LoadedModel.WINDOW_MEMORY_BUDGET))).getMessage();
        assertTrue(halo.contains("Tile size 64 is below 80 px, twice the 40 px halo in the model's multiple of 4") && halo.contains("or at least 80."), halo);
    }

    @Test
    void descriptorsWhoseHaloOrMemoryLeaveNoRoomForATileAreRefused() throws Exception {
        String[][] edits = {{"huge-halo", "\"halo\": " + TestModels.HALO, "\"halo\": 5000"},
                {"huge-memory", "\"activationBytesPerPixel\": null", "\"activationBytesPerPixel\": 1000000"}};
        for (String[] edit : edits) {
            try (LoadedModel bad = LoadedModel.load(withDescriptorEdit(edit[0], edit[1], edit[2]), RuntimeOptions.DEFAULT)) {
                for (TilingOptions tiling : List.of(TilingOptions.DEFAULT, TilingOptions.tileSize(10_000))) {
                    String message = assertThrows(ModelLoadException.class, () -> new TiledPredictor(bad, tiling)).getMessage();
                    assertTrue(message.startsWith("The model \"tiny-unet\" cannot be tiled: the largest window whose activations fit 2048 MB")
                            && message.contains("Check \"halo\" and \"activationBytesPerPixel\""), message);
                }
            }
        }
    }

    @Test
    void automaticTileSizeFollowsMemoryBudgetAndModelMemory() {
        long unknown = LoadedModel.UNKNOWN_BYTES_PER_PIXEL;
        TilingOptions tight = new TilingOptions(0, 16, 64L << 20);
        int small = tight.resolveTileSize(16, 16, unknown);
        int large = new TilingOptions(0, 16, 4L << 30).resolveTileSize(16, 16, unknown);
        int lean = tight.resolveTileSize(16, 16, unknown / 4);
        assertEquals(0, small % 16);
        assertTrue(small < large, small + " vs " + large);
        assertTrue(small < lean, "a model needing a quarter of the memory gets larger tiles: " + small + " vs " + lean);
        assertWindowFits(small, unknown, 64L << 20);
        assertWindowFits(lean, unknown / 4, 64L << 20);
    }

    private static void assertWindowFits(int tileSize, long bytesPerPixel, long budget) {
        long windowBytes = (long) (tileSize + 32) * (tileSize + 32) * bytesPerPixel;
        assertTrue(windowBytes <= budget, "window of " + windowBytes + " bytes exceeds the budget of " + budget);
    }

    @Test
    void automaticTilesUseTheDescriptorsActivationMemory() throws Exception {
        Path lean = TestModels.exportTinyUNet(tmp.resolve("lean"), 1, 2);
        Path descriptor = lean.resolve(ModelDescriptor.FILE_NAME);
        Files.writeString(descriptor, Files.readString(descriptor)
                .replace("\"activationBytesPerPixel\": null", "\"activationBytesPerPixel\": 256"));
        try (LoadedModel leanModel = LoadedModel.load(lean, RuntimeOptions.DEFAULT)) {
            int recorded = new TiledPredictor(leanModel, TilingOptions.DEFAULT).tileSize();
            int unknown = new TiledPredictor(model, TilingOptions.DEFAULT).tileSize();
            assertEquals(TilingOptions.DEFAULT.resolveTileSize(TestModels.MULTIPLE, TestModels.HALO, 256), recorded);
            assertEquals(TilingOptions.DEFAULT.resolveTileSize(TestModels.MULTIPLE, TestModels.HALO,
                    LoadedModel.UNKNOWN_BYTES_PER_PIXEL), unknown);
            assertTrue(recorded > unknown, recorded + " vs " + unknown);
        }
    }

    /** A silent progress whose user cancels once {@code condition} holds. */
    static Progress cancelledWhen(BooleanSupplier condition) {
        return new Progress() {
            @Override
            public void update(long done, long total, String message) {}

            @Override
            public boolean isCancelled() {
                return condition.getAsBoolean();
            }
        };
    }

    @Test
    void cancellationStopsBetweenTiles() {
        ArrayPlane image = randomImage(200, 200, 3);
        AtomicInteger tilesRun = new AtomicInteger();
        Progress cancelAfterTwo = cancelledWhen(() -> tilesRun.get() >= 2);
        ArrayPlane target = ArrayPlane.of(ArrayPlane.Kind.FLOAT32, 200, 200, new float[200 * 200], new float[200 * 200]);
        assertThrows(CancelledException.class, () -> new TiledPredictor(model, TilingOptions.tileSize(64)).predictPlane(image,
                ChannelScaling.identity(1), target, (done, total, message) -> tilesRun.incrementAndGet(), cancelAfterTwo));
        assertEquals(2, tilesRun.get());
    }
}
