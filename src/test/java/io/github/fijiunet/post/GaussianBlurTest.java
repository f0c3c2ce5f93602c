package io.github.fijiunet.post;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class GaussianBlurTest {

    /** The blur by definition, one pixel at a time: rows, then columns, edges repeating the border pixel. */
    private static float[] reference(float[] values, int w, int h, double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[radius + 1];
        double total = 0;
        for (int i = 0; i <= radius; i++) {
            k[i] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
            total += i == 0 ? k[i] : 2 * k[i];
        }
        for (int i = 0; i <= radius; i++) k[i] /= (float) total;
        float[] rows = new float[values.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sum = k[0] * values[y * w + x];
                for (int r = 1; r <= radius; r++) sum += k[r] * (values[y * w + Math.max(0, x - r)] + values[y * w + Math.min(w - 1, x + r)]);
                rows[y * w + x] = (float) sum;
            }
        }
        float[] out = new float[values.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sum = k[0] * rows[y * w + x];
                for (int r = 1; r <= radius; r++) sum += k[r] * (rows[Math.max(0, y - r) * w + x] + rows[Math.min(h - 1, y + r) * w + x]);
                out[y * w + x] = (float) sum;
            }
        }
        return out;
    }

    @Test
    void stripsAndThreadsGiveTheBlurOfTheDefinitionExactly() {
        Random random = new Random(9);
        for (int[] size : new int[][] {{1, 1}, {1, 40}, {37, 1}, {15, 17}, {16, 16}, {33, 70}, {301, 129}}) {
            float[] values = new float[size[0] * size[1]];
            for (int i = 0; i < values.length; i++) values[i] = random.nextFloat() * 10;
            for (double sigma : new double[] {0.5, 1, 2.5}) {
                assertArrayEquals(reference(values, size[0], size[1], sigma), GaussianBlur.blur(values, size[0], size[1], sigma),
                        size[0] + "x" + size[1] + " sigma " + sigma);
            }
        }
        float[] constant = new float[50 * 40];
        java.util.Arrays.fill(constant, 3f);
        assertEquals(3f, GaussianBlur.blur(constant, 50, 40, 2)[1234], 1e-5, "a constant stays constant (normalised kernel)");
    }
}
