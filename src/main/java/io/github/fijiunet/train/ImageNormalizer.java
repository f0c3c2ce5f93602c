package io.github.fijiunet.train;

import io.github.fijiunet.tensor.Normalization;

import java.util.Arrays;

/**
 * Applies a {@link Normalization} to one image the way the runtime does, so that training sees
 * the same values as inference: percentile mode maps the low/high percentiles (linear
 * interpolation between ranks, as numpy) to 0 and 1 without clipping; min-max maps the extremes.
 */
public final class ImageNormalizer {

    private ImageNormalizer() {}

    public static float[] normalize(float[] pixels, Normalization normalization) {
        double low;
        double high;
        switch (normalization.mode()) {
            case NONE:
                return pixels.clone();
            case MIN_MAX:
                low = Double.POSITIVE_INFINITY;
                high = Double.NEGATIVE_INFINITY;
                for (float p : pixels) {
                    low = Math.min(low, p);
                    high = Math.max(high, p);
                }
                break;
            default:
                float[] sorted = pixels.clone();
                Arrays.sort(sorted);
                low = percentile(sorted, normalization.low());
                high = percentile(sorted, normalization.high());
        }
        double scale = high > low ? 1.0 / (high - low) : 0;
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) out[i] = (float) ((pixels[i] - low) * scale);
        return out;
    }

    static double percentile(float[] sorted, double percent) {
        double rank = percent / 100.0 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = rank - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
