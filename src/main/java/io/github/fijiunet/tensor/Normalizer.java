package io.github.fijiunet.tensor;

import java.util.Arrays;

/**
 * Computes a plane's {@link ChannelScaling} for a {@link Normalization}. Percentiles interpolate
 * linearly between order statistics (numpy's default, as CSBDeep's {@code normalize} uses), and
 * map low → 0 and high → 1. Non-finite pixels are ignored when computing the percentiles.
 */
public final class Normalizer {

    /** Above this many pixels per channel, percentiles come from an evenly strided sample. */
    static final int MAX_EXACT_PIXELS = 1 << 22;

    private static final float EPSILON = 1e-20f;

    private Normalizer() {}

    public static ChannelScaling compute(PlaneSource plane, Normalization normalization) {
        int channels = plane.channels();
        if (normalization.mode() == Normalization.Mode.NONE) return ChannelScaling.identity(channels);
        float[] scale = new float[channels];
        float[] offset = new float[channels];
        for (int c = 0; c < channels; c++) {
            float[] values = finiteSample(plane, c);
            float low;
            float high;
            if (values.length == 0) {
                low = 0;
                high = 1;
            } else if (normalization.mode() == Normalization.Mode.MIN_MAX) {
                low = Float.POSITIVE_INFINITY;
                high = Float.NEGATIVE_INFINITY;
                for (float v : values) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            } else {
                low = (float) percentile(values, normalization.low());
                high = (float) percentile(values, normalization.high());
            }
            // A constant channel maps to 0 everywhere instead of dividing by zero.
            scale[c] = 1f / Math.max(high - low, EPSILON);
            offset[c] = -low * scale[c];
        }
        return new ChannelScaling(scale, offset);
    }

    /**
     * Linear interpolation between the order statistics of {@code values} (NumPy's default), found
     * by selection rather than a sort: the same two values in linear time. Reorders {@code values}.
     */
    public static double percentile(float[] values, double percent) {
        double position = percent / 100.0 * (values.length - 1);
        int below = (int) Math.floor(position);
        double fraction = position - below;
        float lower = select(values, below);
        if (fraction == 0 || below + 1 >= values.length) return lower;
        // After the selection everything right of `below` is at least `lower`: the next order statistic is their minimum.
        float upper = Float.POSITIVE_INFINITY;
        for (int i = below + 1; i < values.length; i++) upper = Math.min(upper, values[i]);
        return lower + (upper - lower) * fraction;
    }

    /** The k-th smallest of {@code values} (from 0), which it leaves at index k with smaller ones before and larger after. */
    static float select(float[] values, int k) {
        int left = 0;
        int right = values.length - 1;
        while (right > left) {
            // Median of three as the pivot: sorted and constant runs stay linear.
            int middle = (left + right) >>> 1;
            float pivot = median(values[left], values[middle], values[right]);
            int i = left;
            int j = right;
            while (i <= j) {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j) {
                    float t = values[i];
                    values[i++] = values[j];
                    values[j--] = t;
                }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return values[k];
        }
        return values[k];
    }

    private static float median(float a, float b, float c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private static float[] finiteSample(PlaneSource plane, int channel) {
        int width = plane.width();
        int height = plane.height();
        long pixels = (long) width * height;
        int rowStep = 1;
        while (pixels / ((long) rowStep * rowStep) > MAX_EXACT_PIXELS) rowStep++;
        float[] row = new float[width];
        float[] values = new float[(int) Math.min(pixels, ((long) (height + rowStep - 1) / rowStep) * ((width + rowStep - 1) / rowStep))];
        int n = 0;
        for (int y = 0; y < height; y += rowStep) {
            plane.readRow(channel, y, 0, width, row, 0, 1);
            for (int x = 0; x < width; x += rowStep) {
                float v = row[x];
                if (Float.isFinite(v)) values[n++] = v;
            }
        }
        return n == values.length ? values : Arrays.copyOf(values, n);
    }
}
