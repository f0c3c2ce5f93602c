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

    @Test
    void planeWithoutBackgroundIsInfinitelyFar() {
        boolean[] all = new boolean[12];
        java.util.Arrays.fill(all, true);
        for (float d : DistanceTransform.euclidean(all, 4, 3)) assertTrue(Float.isInfinite(d));
    }
}
