package io.github.fijiunet.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fijiunet.InvalidInputException;
import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Test;

class InstanceSegmenterTest {

    private static final int W = 60;
    private static final int H = 40;

    /** Two radius-10 disks whose centres are 16 px apart: they overlap in a neck about 12 px high. */
    private static int[] touchingDisks(double radius) {
        int[] l = new int[W * H];
        Shapes.disk(l, W, 20, 20, radius, 1);
        Shapes.disk(l, W, 36, 20, radius, 2);
        return l;
    }

    private static ArrayImg<FloatType, FloatArray> foregroundProbability(int[] labels) {
        float[] p = new float[labels.length];
        for (int i = 0; i < p.length; i++) p[i] = labels[i] > 0 ? 0.9f : 0.05f;
        return ArrayImgs.floats(p, W, H);
    }

    private static int[] objectLabelAt(LabelPlane plane, int... xy) {
        int[] result = new int[xy.length / 2];
        for (int i = 0; i < result.length; i++) result[i] = plane.get(xy[2 * i], xy[2 * i + 1]);
        return result;
    }

    /** Class probabilities with the given foreground and interior masks (boundary = the rest of the foreground). */
    private static ArrayImg<FloatType, FloatArray> threeClass(int[] foreground, int[] interior) {
        ArrayImg<FloatType, FloatArray> probabilities = ArrayImgs.floats(W, H, 3);
        RandomAccess<FloatType> ra = probabilities.randomAccess();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int p = y * W + x;
                float bg = foreground[p] > 0 ? 0.02f : 0.96f;
                float in = interior[p] > 0 ? 0.95f : 0.02f;
                float[] values = {bg, 1 - bg - in, in};
                for (int c = 0; c < 3; c++) {
                    ra.setPosition(new int[] {x, y, c});
                    ra.get().set(values[c]);
                }
            }
        }
        return probabilities;
    }

    @Test
    void seedSplitSeparatesNucleiWhoseInteriorsTouchAtAWaist() {
        // The model saw no boundary between the two: one interior blob, two disks joined by a 12 px neck.
        int[] union = touchingDisks(10);
        ArrayImg<FloatType, FloatArray> probabilities = threeClass(union, touchingDisks(8));
        InstanceOptions noShrink = InstanceOptions.builder().seedShrink(0).build();
        assertEquals(1, new InstanceSegmenter(noShrink).segment(probabilities).maxLabel(), "without seed_split the blob is one seed");
        LabelPlane split = new InstanceSegmenter(noShrink.toBuilder().seedSplit(1).build()).segment(probabilities);
        assertEquals(2, split.maxLabel(), "seed_split cuts the blob at its waist");
        int[] centres = objectLabelAt(split, 20, 20, 36, 20);
        assertTrue(centres[0] > 0 && centres[1] > 0 && centres[0] != centres[1], "each disk centre in its own object");
        int pixels = 0;
        for (int i = 0; i < union.length; i++) if (union[i] > 0 && split.labels()[i] > 0) pixels++;
        assertEquals(java.util.Arrays.stream(union).filter(v -> v > 0).count(), pixels, "the split objects still cover the whole foreground");
        // A round interior has a single distance maximum: nothing to split.
        int[] one = new int[W * H];
        Shapes.disk(one, W, 30, 20, 12, 1);
        int[] core = new int[W * H];
        Shapes.disk(core, W, 30, 20, 10, 1);
        assertEquals(1, new InstanceSegmenter(noShrink.toBuilder().seedSplit(1).build()).segment(threeClass(one, core)).maxLabel());
    }

    @Test
    void threeClassRouteSeparatesTouchingDisks() {
        int[] union = touchingDisks(10);
        int[] interior = new int[W * H];
        Shapes.disk(interior, W, 20, 20, 7, 1);
        Shapes.disk(interior, W, 36, 20, 7, 1);
        ArrayImg<FloatType, FloatArray> probabilities = threeClass(union, interior);
        LabelPlane labels = new InstanceSegmenter(InstanceOptions.defaults()).segment(probabilities);
        assertEquals(2, labels.maxLabel());
        int[] at = objectLabelAt(labels, 14, 20, 42, 20);
        assertTrue(at[0] > 0 && at[1] > 0 && at[0] != at[1]);
        long[] areas = LabelFilters.areas(labels);
        long unionArea = java.util.Arrays.stream(union).filter(v -> v > 0).count();
        assertEquals(unionArea, areas[1] + areas[2]);
        assertTrue(Math.abs(areas[1] - areas[2]) <= 0.05 * unionArea, "halves of similar size");
    }

    @Test
    void threeClassRouteKeepsForegroundWithoutInteriorAsItsOwnObject() {
        ArrayImg<FloatType, FloatArray> probabilities = ArrayImgs.floats(W, H, 3);
        RandomAccess<FloatType> ra = probabilities.randomAccess();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean small = x >= 5 && x < 9 && y >= 5 && y < 9; // boundary-only blob, no interior
                boolean big = x >= 30 && x < 45 && y >= 10 && y < 25;
                boolean core = x >= 33 && x < 42 && y >= 13 && y < 22;
                float[] v = small ? new float[] {0.1f, 0.8f, 0.1f} : core ? new float[] {0.02f, 0.03f, 0.95f}
                        : big ? new float[] {0.1f, 0.8f, 0.1f} : new float[] {0.95f, 0.03f, 0.02f};
                for (int c = 0; c < 3; c++) {
                    ra.setPosition(new int[] {x, y, c});
                    ra.get().set(v[c]);
                }
            }
        }
        // The 16-pixel blob must survive the size filter: this test is about the route, not the filter.
        LabelPlane labels = new InstanceSegmenter(InstanceOptions.builder().minSize(10).build()).segment(probabilities);
        assertEquals(2, labels.maxLabel());
        assertEquals(16, LabelFilters.areas(labels)[labels.get(6, 6)]);
        assertEquals(225, LabelFilters.areas(labels)[labels.get(35, 15)]);
    }

    @Test
    void distanceRouteSeparatesTouchingDisks() {
        LabelPlane labels = new InstanceSegmenter(InstanceOptions.defaults()).segment(foregroundProbability(touchingDisks(10)));
        assertEquals(2, labels.maxLabel());
        int[] at = objectLabelAt(labels, 14, 20, 42, 20);
        assertTrue(at[0] > 0 && at[1] > 0 && at[0] != at[1]);
    }

    @Test
    void connectedComponentsKeepTouchingDisksTogether() {
        InstanceOptions options = InstanceOptions.builder().method(InstanceMethod.CONNECTED_COMPONENTS).build();
        assertEquals(1, new InstanceSegmenter(options).segment(foregroundProbability(touchingDisks(10))).maxLabel());
    }

    @Test
    void oneRoundOrOvalNucleusGivesOneObject() {
        for (double radius : new double[] {2, 4.5, 9, 15}) {
            int[] l = new int[W * H];
            Shapes.disk(l, W, 30.3, 19.7, radius, 1);
            InstanceOptions options = InstanceOptions.builder().minSize(0).build();
            assertEquals(1, new InstanceSegmenter(options).segment(foregroundProbability(l)).maxLabel(), "radius " + radius);
        }
        int[] oval = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double dx = (x + 0.5 - 30) / 22;
                double dy = (y + 0.5 - 20) / 9;
                if (dx * dx + dy * dy <= 1) oval[y * W + x] = 1;
            }
        }
        assertEquals(1, new InstanceSegmenter(InstanceOptions.defaults()).segment(foregroundProbability(oval)).maxLabel());
    }

    @Test
    void otsuThresholdFindsTheDisks() {
        InstanceOptions options = InstanceOptions.builder().threshold(Threshold.OTSU).build();
        assertEquals(2, new InstanceSegmenter(options).segment(foregroundProbability(touchingDisks(10))).maxLabel());
    }

    @Test
    void threeClassMethodNeedsThreeChannels() {
        InstanceOptions options = InstanceOptions.builder().method(InstanceMethod.THREE_CLASS).build();
        assertThrows(InvalidInputException.class, () -> new InstanceSegmenter(options).segment(ArrayImgs.floats(5, 5, 2)));
    }

    @Test
    void optionsParseFromTextAndRejectBadValues() {
        InstanceOptions o = InstanceOptions.builder()
                .set(InstanceOption.THRESHOLD, "otsu")
                .set(InstanceOption.CONNECTIVITY, "4")
                .set(InstanceOption.MIN_SIZE, "30")
                .set(InstanceOption.METHOD, "connected_components")
                .build();
        assertTrue(o.threshold().isOtsu());
        assertEquals(Connectivity.FOUR, o.connectivity());
        assertEquals(30, o.minSize());
        assertEquals(InstanceMethod.CONNECTED_COMPONENTS, o.method());
        assertEquals("--min-size", InstanceOption.MIN_SIZE.flag());
        assertThrows(InvalidInputException.class, () -> InstanceOptions.builder().set(InstanceOption.MIN_SIZE, "many"));
        assertThrows(InvalidInputException.class, () -> InstanceOptions.builder().minSize(50).maxSize(10).build());
        assertThrows(InvalidInputException.class, () -> Threshold.parse("1.5"));
    }

    /** The seed erosion below 2 px reads the neighbours; it keeps exactly the pixels the distance transform keeps, at every distance. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0.5, 0.999, 1.0, 1.2, 1.4142135, 1.4142135623730951, 1.41421355, 1.5, 1.99, 2.0, 2.5})
    void seedShrinkingEqualsTheDistanceTransformsAnswer(double distance) {
        java.util.Random random = new java.util.Random(3);
        for (int trial = 0; trial < 30; trial++) {
            int w = 1 + random.nextInt(50);
            int h = 1 + random.nextInt(50);
            boolean[] mask = new boolean[w * h];
            double density = trial % 5 == 0 ? 0.99 : 0.7;
            for (int i = 0; i < mask.length; i++) mask[i] = random.nextDouble() < density;
            float[] inside = DistanceTransform.euclidean(mask, w, h);
            boolean[] expected = new boolean[mask.length];
            for (int i = 0; i < mask.length; i++) expected[i] = mask[i] && inside[i] > distance;
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, InstanceSegmenter.shrink(mask, w, h, distance), w + "x" + h + " trial " + trial);
        }
    }
}
