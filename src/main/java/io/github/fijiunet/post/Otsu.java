package io.github.fijiunet.post;

/**
 * Otsu's threshold on a 256-bin histogram, computed exactly as ImageJ's
 * {@code AutoThresholder.Method.Otsu} (between-class variance maximised over bins, first maximum
 * wins), so a plugin threshold and ImageJ's own "Auto Threshold" agree.
 */
public final class Otsu {

    public static final int BINS = 256;

    private Otsu() {}

    /**
     * The Otsu bin {@code k}: pixels in bins {@code <= k} are background. Returns -1 for a histogram
     * that cannot be split (empty or a single occupied bin).
     */
    public static int thresholdBin(int[] histogram) {
        int bins = histogram.length;
        long total = 0;
        for (int count : histogram) total += count;
        if (total == 0) return -1;
        // Cumulative class probability and first moment, as in ImageJ (M. E. Celebi's formulation).
        double[] probability = new double[bins];
        double[] moment = new double[bins];
        double perPixel = 1.0 / total;
        probability[0] = perPixel * histogram[0];
        moment[0] = 0;
        for (int i = 1; i < bins; i++) {
            double p = perPixel * histogram[i];
            probability[i] = probability[i - 1] + p;
            moment[i] = moment[i - 1] + i * p;
        }
        double meanAll = moment[bins - 1];
        int best = -1;
        double bestVariance = 0;
        for (int i = 0; i < bins; i++) {
            double numerator = meanAll * probability[i] - moment[i];
            double variance = numerator * (numerator / (probability[i] * (1.0 - probability[i])));
            if (bestVariance < variance) { // NaN (empty class) never wins
                bestVariance = variance;
                best = i;
            }
        }
        return best;
    }

    /**
     * Otsu's threshold of float values over a 256-bin histogram spanning their range; pixels with
     * a value {@code > result} are foreground. Returns the maximum (nothing above) when the values
     * cannot be split. {@code include} may be null (all pixels); NaN values are ignored.
     */
    public static float threshold(float[] values, boolean[] include) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            if (include != null && !include[i]) continue;
            float v = values[i];
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (!(max > min) || Float.isInfinite(max) || Float.isInfinite(min)) return max;
        int[] histogram = new int[BINS];
        double scale = BINS / ((double) max - min);
        for (int i = 0; i < values.length; i++) {
            if ((include != null && !include[i]) || Float.isNaN(values[i])) continue;
            histogram[bin(values[i], min, scale)]++;
        }
        int k = thresholdBin(histogram);
        if (k < 0 || k >= BINS - 1) return max;
        // Smallest value falling in bin k+1, then just below it, so "value > threshold" == "bin > k".
        float lowestAbove = (float) (min + (k + 1) / scale);
        while (lowestAbove > min && bin(Math.nextDown(lowestAbove), min, scale) > k) lowestAbove = Math.nextDown(lowestAbove);
        while (bin(lowestAbove, min, scale) <= k) lowestAbove = Math.nextUp(lowestAbove);
        return Math.nextDown(lowestAbove);
    }

    private static int bin(float v, float min, double scale) {
        int b = (int) ((v - (double) min) * scale);
        return b < 0 ? 0 : Math.min(b, BINS - 1);
    }
}
