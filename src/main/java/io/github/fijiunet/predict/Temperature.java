package io.github.fijiunet.predict;

/**
 * Temperature scaling of a classifier's softmax (Guo et al., "On calibration of modern neural
 * networks", 2017): p_c ∝ exp(z_c / T). A network trained to a low loss is over-confident (its top
 * probability is near 1 even where it is wrong); one scalar T &gt; 1 fitted on held-out data makes
 * its probabilities match how often it is right, without changing any arg-max. Applied to
 * probabilities, not logits: exp(z_c / T) ∝ p_c^(1/T), since log p_c = z_c − log Σ exp z.
 */
public final class Temperature {

    /** The range searched by {@link #fit}; beyond it the data say "constant" or "one-hot", not a temperature. */
    static final double LOWEST = 0.05;
    static final double HIGHEST = 20;

    private Temperature() {}

    /** A fitted temperature and the mean negative log-likelihood of the held-out labels at 1 and at it. */
    public static final class Fit {
        private final double temperature;
        private final double lossBefore;
        private final double lossAfter;

        Fit(double temperature, double lossBefore, double lossAfter) {
            this.temperature = temperature;
            this.lossBefore = lossBefore;
            this.lossAfter = lossAfter;
        }

        public double temperature() {
            return temperature;
        }

        public double lossBefore() {
            return lossBefore;
        }

        public double lossAfter() {
            return lossAfter;
        }
    }

    /** Fits the temperature on held-out {@code probabilities} ([count, classes]) and their {@code labels}. */
    public static Fit calibrate(float[] probabilities, int[] labels, int classes) {
        double t = fit(probabilities, labels, classes);
        return new Fit(t, negativeLogLikelihood(probabilities, labels, classes, 1), negativeLogLikelihood(probabilities, labels, classes, t));
    }

    /** Rescales {@code classes} probabilities at {@code offset} in place to temperature {@code t}; the arg-max stays. */
    public static void apply(float[] probabilities, int offset, int classes, double t) {
        if (t == 1) return;
        double inverse = 1 / t;
        double top = 0;
        for (int c = 0; c < classes; c++) top = Math.max(top, probabilities[offset + c]);
        if (top <= 0) return;
        double sum = 0;
        double[] scaled = new double[classes];
        for (int c = 0; c < classes; c++) {
            // relative to the top class, so that tiny probabilities do not underflow before the sum
            scaled[c] = Math.pow(probabilities[offset + c] / top, inverse);
            sum += scaled[c];
        }
        for (int c = 0; c < classes; c++) probabilities[offset + c] = (float) (scaled[c] / sum);
    }

    /**
     * The temperature minimising the mean negative log-likelihood of {@code labels} under the
     * rescaled {@code probabilities} ([count, classes]): a golden-section search over log T, the
     * NLL being convex in 1/T.
     */
    public static double fit(float[] probabilities, int[] labels, int classes) {
        if (labels.length == 0) return 1;
        double a = Math.log(LOWEST);
        double b = Math.log(HIGHEST);
        double ratio = (Math.sqrt(5) - 1) / 2;
        double x1 = b - ratio * (b - a);
        double x2 = a + ratio * (b - a);
        double f1 = negativeLogLikelihood(probabilities, labels, classes, Math.exp(x1));
        double f2 = negativeLogLikelihood(probabilities, labels, classes, Math.exp(x2));
        while (b - a > 1e-4) {
            if (f1 <= f2) {
                b = x2;
                x2 = x1;
                f2 = f1;
                x1 = b - ratio * (b - a);
                f1 = negativeLogLikelihood(probabilities, labels, classes, Math.exp(x1));
            } else {
                a = x1;
                x1 = x2;
                f1 = f2;
                x2 = a + ratio * (b - a);
                f2 = negativeLogLikelihood(probabilities, labels, classes, Math.exp(x2));
            }
        }
        return Math.exp((a + b) / 2);
    }

    /** Mean −log p(label) at temperature {@code t}; probabilities of 0 count as {@link Float#MIN_VALUE}. */
    public static double negativeLogLikelihood(float[] probabilities, int[] labels, int classes, double t) {
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            int offset = i * classes;
            double[] logs = new double[classes];
            double top = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                logs[c] = Math.log(Math.max(probabilities[offset + c], Float.MIN_VALUE)) / t;
                top = Math.max(top, logs[c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(logs[c] - top);
            total += top + Math.log(sum) - logs[labels[i]];
        }
        return total / labels.length;
    }
}
