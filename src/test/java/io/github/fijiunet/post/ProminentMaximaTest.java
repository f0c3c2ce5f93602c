package io.github.fijiunet.post;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProminentMaximaTest {

    @Test
    void regionByRegionInParallelGivesTheSeedsOfOnePass() {
        Random random = new Random(17);
        int compared = 0;
        for (int round = 0; round < 40; round++) {
            int w = 20 + random.nextInt(200);
            int h = 20 + random.nextInt(200);
            float[] values = new float[w * h];
            boolean[] mask = new boolean[w * h];
            double fx = 0.05 + random.nextDouble() * 0.3;
            double fy = 0.05 + random.nextDouble() * 0.3;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // Bumpy hills with ties (rounded), cut into many regions by the mask.
                    values[y * w + x] = Math.round(8 * (Math.sin(x * fx) * Math.cos(y * fy) + 0.3 * random.nextDouble())) / 2f;
                    mask[y * w + x] = Math.sin(x * fx * 0.7 + y * 0.03) + Math.cos(y * fy * 0.9) > -0.4;
                }
            }
            for (Connectivity c : Connectivity.values()) {
                double prominence = 0.5 + random.nextInt(3);
                LabelPlane onePass = ProminentMaxima.seeds(values, mask, w, h, prominence, c, false);
                LabelPlane byRegion = ProminentMaxima.seeds(values, mask, w, h, prominence, c, true);
                assertArrayEquals(onePass.labels(), byRegion.labels(), "round " + round + ", " + c);
                compared += onePass.maxLabel();
            }
        }
        assertTrue(compared > 200, "the planes had seeds to compare: " + compared);
    }
}
