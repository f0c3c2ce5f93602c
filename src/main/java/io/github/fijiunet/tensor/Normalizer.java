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
                Arrays.sort(values);
                low = (float) percentile(values, normalization.low());
                high = (float) percentile(values, normalization.high());
            }
            // A constant channel maps to 0 everywhere instead of dividing by zero.
            scale[c] = 1f / Math.max(high - low, EPSILON);
            offset[c] = -low * scale[c];
        }
        return new ChannelScaling(scale, offset);
    }

    /** Linear interpolation between the order statistics of sorted {@code values}. */
    public static double percentile(float[] sorted, double percent) {
        double position = percent / 100.0 * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = position - below;
        return sorted[below] + (sorted[above] - sorted[below]) * fraction;
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
