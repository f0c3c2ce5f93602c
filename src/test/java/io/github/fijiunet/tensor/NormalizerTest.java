package io.github.fijiunet.tensor;

import io.github.fijiunet.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NormalizerTest {

    private static ArrayPlane floats(float... values) {
        return ArrayPlane.of(ArrayPlane.Kind.FLOAT32, values.length, 1, (Object) values);
    }

    @Test
    void percentilesInterpolateLikeNumpy() {
        // 0..10 (11 values): 10th percentile = 1.0, 95th = 9.5 (numpy.percentile, linear).
        float[] values = new float[11];
        for (int i = 0; i < values.length; i++) values[i] = 10 - i;
        ChannelScaling s = Normalizer.compute(floats(values), Normalization.percentile(10, 95));
        assertEquals(0f, 1.0f * s.scale(0) + s.offset(0), 1e-6);
        assertEquals(1f, 9.5f * s.scale(0) + s.offset(0), 1e-6);
        assertEquals(1f / 8.5f, s.scale(0), 1e-7);
    }

    @Test
    void percentileBetweenOrderStatistics() {
        // [2, 4, 8, 16]: 50th percentile at position 1.5 → 6; 100th → 16.
        ChannelScaling s = Normalizer.compute(floats(16, 2, 8, 4), Normalization.percentile(50, 100));
        assertEquals(0f, 6 * s.scale(0) + s.offset(0), 1e-6);
        assertEquals(1f, 16 * s.scale(0) + s.offset(0), 1e-6);
    }

    @Test
    void minMaxPerChannelIgnoresNaN() {
        byte[] red = {0, 10, 20};
        byte[] green = {(byte) 200, (byte) 100, (byte) 250};
        ArrayPlane plane = ArrayPlane.of(ArrayPlane.Kind.UINT8, 3, 1, red, green);
        ChannelScaling s = Normalizer.compute(plane, Normalization.minMax());
        assertEquals(1 / 20f, s.scale(0), 1e-7);
        assertEquals(0f, s.offset(0), 1e-7);
        assertEquals(1 / 150f, s.scale(1), 1e-7);
        assertEquals(-100 / 150f, s.offset(1), 1e-6);

        ChannelScaling withNaN = Normalizer.compute(floats(Float.NaN, 1, 3, Float.POSITIVE_INFINITY), Normalization.minMax());
        assertEquals(0.5f, withNaN.scale(0), 1e-7);
    }

    @Test
    void constantImageMapsToZero() {
        ChannelScaling s = Normalizer.compute(floats(7, 7, 7), Normalization.percentile(1, 99.8));
        assertEquals(0f, 7 * s.scale(0) + s.offset(0), 1e-6);
    }

    @Test
    void reversedPercentilesAreRejectedWithAdvice() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Normalization.percentile(99, 1));
        assertEquals(true, e.getMessage().contains("Typical values are low=1.0, high=99.8."));
    }

    /** Selection finds exactly the order statistics a sort gives: random, repeated, sorted, reversed and constant values. */
    @Test
    void percentilesBySelectionEqualThoseOfTheSortedValues() {
        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(trial < 100 ? 20 : 3000);
            float[] values = new float[n];
            int kind = trial % 5;
            for (int i = 0; i < n; i++) {
                values[i] = kind == 0 ? random.nextFloat() : kind == 1 ? random.nextInt(4) : kind == 2 ? i : kind == 3 ? n - i : 5;
            }
            float[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            for (double percent : new double[] {0, 1, 12.5, 50, 99.8, 100}) {
                double position = percent / 100 * (n - 1);
                int below = (int) Math.floor(position);
                int above = Math.min(below + 1, n - 1);
                double expected = sorted[below] + (sorted[above] - sorted[below]) * (position - below);
                assertEquals(expected, Normalizer.percentile(values.clone(), percent), 0, "trial " + trial + ", " + percent + " %");
            }
        }
    }
}
