package io.github.fijiunet.segment;

import io.github.fijiunet.FijiUnetException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.TestModels;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.post.InstanceOptions;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.predict.TilingOptions;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.tensor.PlaneStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random sizes, pixel types, pixel values (NaN, constant, extreme) and option values through the
 * whole segmentation path: each run gives a result or a {@link FijiUnetException} whose message
 * says what to change, never another exception.
 */
class SegmentationFuzzTest {

    private static final ArrayPlane.Kind[] KINDS = {ArrayPlane.Kind.UINT8, ArrayPlane.Kind.UINT16,
        ArrayPlane.Kind.FLOAT32, ArrayPlane.Kind.RGB};

    private static Object pixels(ArrayPlane.Kind kind, int n, Random random, int style) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            switch (style) {
                case 0: values[i] = 7; break;                                    // constant
                case 1: values[i] = random.nextInt(256); break;                  // noise
                case 2: values[i] = (i % 17 < 8) ? 200 : 10; break;              // stripes
                default: values[i] = random.nextGaussian() * 1e4; break;         // wide range
            }
        }
        switch (kind) {
            case UINT8: { byte[] a = new byte[n]; for (int i = 0; i < n; i++) a[i] = (byte) values[i]; return a; }
            case UINT16: { short[] a = new short[n]; for (int i = 0; i < n; i++) a[i] = (short) values[i]; return a; }
            case FLOAT32: {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    int odd = random.nextInt(50);
                    a[i] = odd == 0 ? Float.NaN : odd == 1 ? Float.POSITIVE_INFINITY : (float) values[i];
                }
                return a;
            }
            default: { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = (int) values[i] * 0x010101; return a; }
        }
    }

    @Test
    void resultOrClearErrorNeverAnythingElse(@TempDir Path tmp) throws Exception {
        Random random = new Random(2026);
        int results = 0;
        int clearErrors = 0;
        try (LoadedModel model = LoadedModel.load(TestModels.exportTinyUNet(tmp.resolve("m"), 1, 3), RuntimeOptions.DEFAULT)) {
            for (int run = 0; run < 60; run++) {
                int width = 1 + random.nextInt(random.nextBoolean() ? 8 : 160);
                int height = 1 + random.nextInt(random.nextBoolean() ? 8 : 160);
                ArrayPlane.Kind kind = KINDS[random.nextInt(KINDS.length)];
                String description = "run " + run + ": " + width + "x" + height + " " + kind;
                try {
                    ArrayPlane plane = ArrayPlane.of(kind, width, height, pixels(kind, width * height, random, random.nextInt(4)));
                    SegmentationOptions options = SegmentationOptions.builder()
                            .normalization(Normalization.percentile(random.nextDouble() * 60 - 5, 40 + random.nextDouble() * 70))
                            .tiling(new TilingOptions(random.nextInt(170) - 10, random.nextInt(40) - 2, LoadedModel.WINDOW_MEMORY_BUDGET))
                            .instances(InstanceOptions.builder()
                                    .set(InstanceOption.THRESHOLD, String.valueOf(random.nextDouble() * 1.4 - 0.2))
                                    .set(InstanceOption.MIN_SIZE, String.valueOf(random.nextInt(30) - 5))
                                    .set(InstanceOption.METHOD, List.of("auto", "three_class", "distance_watershed", "connected_components")
                                            .get(random.nextInt(4)))
                                    .build())
                            .build();
                    List<PlaneSegmentation> out = new CellSegmenter(model, options)
                            .segment(new PlaneStack(width, height, plane.channels(), 1, p -> plane), PixelCalibration.PIXELS, Progress.NONE);
                    assertEquals(1, out.size(), description);
                    assertEquals(out.get(0).outlines().size(), out.get(0).labels().maxLabel(), description);
                    results++;
                } catch (FijiUnetException e) {
                    assertTrue(e.getMessage() != null && e.getMessage().length() > 20, description + ": terse message " + e.getMessage());
                    clearErrors++;
                } catch (RuntimeException e) {
                    fail(description + ": unexpected " + e, e);
                }
            }
        }
        assertTrue(results > 10 && clearErrors > 10, results + " results, " + clearErrors + " clear errors: the fuzzer must reach both");
    }
}
