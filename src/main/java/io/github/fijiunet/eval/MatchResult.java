package io.github.fijiunet.eval;

/**
 * Instance matching counts at one IoU threshold, with the scores StarDist's {@code matching}
 * reports. A ratio whose denominator is 0 is 0, as in StarDist ({@code _safe_divide}), except
 * when there is nothing at all (no objects in truth or prediction): that is a perfect result,
 * every score 1, where StarDist gives 0.
 */
public final class MatchResult {

    private final double threshold;
    private final long truePositives;
    private final long falsePositives;
    private final long falseNegatives;

    public MatchResult(double threshold, long truePositives, long falsePositives, long falseNegatives) {
        this.threshold = threshold;
        this.truePositives = truePositives;
        this.falsePositives = falsePositives;
        this.falseNegatives = falseNegatives;
    }

    /** Sums the counts of several images at the same threshold (StarDist's dataset-level pooling). */
    public MatchResult plus(MatchResult other) {
        if (other.threshold != threshold) throw new IllegalArgumentException("thresholds differ");
        return new MatchResult(threshold, truePositives + other.truePositives, falsePositives + other.falsePositives,
                falseNegatives + other.falseNegatives);
    }

    public double threshold() { return threshold; }
    public long truePositives() { return truePositives; }
    public long falsePositives() { return falsePositives; }
    public long falseNegatives() { return falseNegatives; }

    public double precision() {
        return safeDivide(truePositives, truePositives + falsePositives);
    }

    public double recall() {
        return safeDivide(truePositives, truePositives + falseNegatives);
    }

    public double f1() {
        return safeDivide(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
    }

    /** "Average precision" of the StarDist paper (their "accuracy"): TP / (TP + FP + FN). */
    public double averagePrecision() {
        return safeDivide(truePositives, truePositives + falsePositives + falseNegatives);
    }

    /** True when neither truth nor prediction holds an object. */
    public boolean isEmpty() {
        return truePositives + falsePositives + falseNegatives == 0;
    }

    private double safeDivide(long numerator, long denominator) {
        if (isEmpty()) return 1;
        return denominator == 0 ? 0 : numerator / (double) denominator;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "tau=%.2f TP=%d FP=%d FN=%d AP=%.4f", threshold, truePositives, falsePositives,
                falseNegatives, averagePrecision());
    }
}
