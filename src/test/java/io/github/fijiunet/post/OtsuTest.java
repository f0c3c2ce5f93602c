package io.github.fijiunet.post;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.process.AutoThresholder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OtsuTest {

    @Test
    void binEqualsImageJAutoThresholderOtsu() {
        Random random = new Random(3);
        AutoThresholder imagej = new AutoThresholder();
        for (int trial = 0; trial < 200; trial++) {
            int[] histogram = new int[256];
            int peaks = 1 + random.nextInt(3);
            for (int p = 0; p < peaks; p++) {
                int centre = random.nextInt(256);
                int spread = 1 + random.nextInt(40);
                int n = 1 + random.nextInt(5000);
                for (int i = 0; i < n; i++) {
                    int v = (int) Math.round(centre + random.nextGaussian() * spread);
                    histogram[Math.max(0, Math.min(255, v))]++;
                }
            }
            if (trial % 10 == 0) histogram[random.nextInt(256)] += 1; // sparse extra bins
            int occupied = 0;
            for (int c : histogram) if (c > 0) occupied++;
            if (occupied < 2) continue; // ImageJ returns Integer.MIN_VALUE there; we return -1
            assertEquals(imagej.getThreshold(AutoThresholder.Method.Otsu, histogram), Otsu.thresholdBin(histogram), "trial " + trial);
        }
    }

    @Test
    void floatThresholdSplitsLikeTheHistogramBin() {
        Random random = new Random(5);
        float[] values = new float[5000];
        for (int i = 0; i < values.length; i++) values[i] = (float) (i % 3 == 0 ? 0.8 + 0.05 * random.nextGaussian() : 0.2 + 0.05 * random.nextGaussian());
        float t = Otsu.threshold(values, null);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int[] histogram = new int[256];
        double scale = 256 / ((double) max - min);
        for (float v : values) histogram[Math.min(255, (int) ((v - (double) min) * scale))]++;
        int k = Otsu.thresholdBin(histogram);
        for (float v : values) {
            int bin = Math.min(255, (int) ((v - (double) min) * scale));
            assertEquals(bin > k, v > t);
        }
    }

    @Test
    void constantValuesCannotBeSplit() {
        float[] values = {0.3f, 0.3f, 0.3f};
        assertEquals(0.3f, Otsu.threshold(values, null));
        assertEquals(-1, Otsu.thresholdBin(new int[256]));
    }
}
