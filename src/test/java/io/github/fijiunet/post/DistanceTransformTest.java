package io.github.fijiunet.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistanceTransformTest {

    @Test
    void matchesBruteForceOnRandomMasks() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int w = 1 + random.nextInt(30);
            int h = 1 + random.nextInt(30);
            boolean[] mask = new boolean[w * h];
            double density = random.nextDouble();
            for (int i = 0; i < mask.length; i++) mask[i] = random.nextDouble() < density;
            mask[random.nextInt(mask.length)] = false; // at least one background pixel
            float[] squared = DistanceTransform.squaredEuclidean(mask, w, h);
            float[] distance = DistanceTransform.euclidean(mask, w, h);
            for (int p = 0; p < mask.length; p++) {
                long best = Long.MAX_VALUE;
                for (int q = 0; q < mask.length; q++) {
                    if (mask[q]) continue;
                    long dx = p % w - q % w;
                    long dy = p / w - q / w;
                    best = Math.min(best, dx * dx + dy * dy);
                }
                assertEquals(best, squared[p], 1e-3, "pixel " + p + " of " + w + "x" + h);
                assertEquals(Math.sqrt(best), distance[p], 1e-4);
            }
        }
    }

    /** Bands of columns, then of rows, run in parallel: the same floats as one pass, for any band count (more bands than lines too). */
    @Test
    void bandsInParallelGiveTheValuesOfOnePass() {
        Random random = new Random(11);
        for (int trial = 0; trial < 30; trial++) {
            int w = 1 + random.nextInt(50);
            int h = 1 + random.nextInt(50);
            boolean[] mask = new boolean[w * h];
            for (int i = 0; i < mask.length; i++) mask[i] = random.nextDouble() < 0.8;
            for (boolean root : new boolean[] {false, true}) {
                float[] one = DistanceTransform.transform(mask, w, h, root, 1);
                for (int bands : new int[] {2, 3, 7, 64}) {
                    assertTrue(java.util.Arrays.equals(one, DistanceTransform.transform(mask, w, h, root, bands)), w + "x" + h + " in " + bands);
                }
            }
        }
        int w = 1500;
        int h = 800; // above PARALLEL_PIXELS: the public path splits
        boolean[] blobs = new boolean[w * h];
        for (int i = 0; i < blobs.length; i++) blobs[i] = Math.sin(i % w / 17.0) * Math.cos(i / w / 13.0) > -0.3;
        assertTrue(blobs.length >= SeededWatershed.PARALLEL_PIXELS);
        assertTrue(java.util.Arrays.equals(DistanceTransform.transform(blobs, w, h, true, 1), DistanceTransform.euclidean(blobs, w, h)));
    }

    @Test
    void planeWithoutBackgroundIsInfinitelyFar() {
        boolean[] all = new boolean[12];
        java.util.Arrays.fill(all, true);
        for (float d : DistanceTransform.euclidean(all, 4, 3)) assertTrue(Float.isInfinite(d));
    }

    /** Squared distances equal a brute-force search over every background pixel, on random masks (sparse columns without background too). */
    @org.junit.jupiter.api.Test
    void squaredDistancesEqualABruteForceSearch() {
        java.util.Random random = new java.util.Random(5);
        for (int trial = 0; trial < 40; trial++) {
            int w = 1 + random.nextInt(40);
            int h = 1 + random.nextInt(40);
            double background = trial % 4 == 0 ? 0.01 : 0.2;
            boolean[] fg = new boolean[w * h];
            for (int i = 0; i < fg.length; i++) fg[i] = random.nextDouble() >= background;
            float[] fast = DistanceTransform.squaredEuclidean(fg, w, h);
            boolean anyBackground = false;
            for (boolean f : fg) anyBackground |= !f;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double best = Double.POSITIVE_INFINITY;
                    for (int q = 0; q < fg.length; q++) {
                        if (fg[q]) continue;
                        double dx = x - q % w;
                        double dy = y - q / w;
                        best = Math.min(best, dx * dx + dy * dy);
                    }
                    float value = fast[y * w + x];
                    if (!anyBackground) org.junit.jupiter.api.Assertions.assertTrue(value >= 1e19f, "no background: " + value);
                    else org.junit.jupiter.api.Assertions.assertEquals((float) best, value, w + "x" + h + " at " + x + "," + y);
                }
            }
        }
    }
}
