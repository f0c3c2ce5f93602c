package io.github.fijiunet.eval;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.post.LabelPlane;

/**
 * One-to-one matching of predicted to true objects at IoU thresholds (as StarDist's
 * {@code matching}). Pairs with IoU >= tau are taken greedily by decreasing IoU. For tau > 0.5
 * every object has at most one partner above tau, so greedy equals the optimal (Hungarian)
 * matching; at exactly 0.5 they could only differ on exact IoU ties.
 */
public final class InstanceMatching {

    /** tau = 0.50, 0.55, ..., 0.95. */
    public static final double[] STANDARD_THRESHOLDS = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};

    private InstanceMatching() {}

    public static MatchResult[] match(LabelPlane truth, LabelPlane predicted, double... thresholds) {
        return match(ContingencyTable.of(truth, predicted), thresholds);
    }

    public static MatchResult[] match(ContingencyTable table, double... thresholds) {
        int pairs = table.pairCount();
        // Pair indices sorted by IoU, highest first (sort (IoU bits, index) keys: IoU >= 0 keeps bit order).
        long[] order = new long[pairs];
        for (int i = 0; i < pairs; i++) order[i] = ((long) Float.floatToIntBits((float) table.pairIoU(i)) << 32) | i;
        java.util.Arrays.sort(order);
        int truthCount = table.truthObjectCount();
        int predictedCount = table.predictedObjectCount();
        int maxTruth = 0;
        int maxPredicted = 0;
        for (int i = 0; i < pairs; i++) {
            maxTruth = Math.max(maxTruth, table.pairTruth(i));
            maxPredicted = Math.max(maxPredicted, table.pairPredicted(i));
        }
        MatchResult[] results = new MatchResult[thresholds.length];
        for (int k = 0; k < thresholds.length; k++) {
            double tau = thresholds[k];
            if (!(tau > 0 && tau <= 1)) throw new InvalidInputException("IoU thresholds must lie in (0, 1], got " + tau + ".");
            boolean[] truthUsed = new boolean[maxTruth + 1];
            boolean[] predictedUsed = new boolean[maxPredicted + 1];
            long tp = 0;
            for (int o = pairs - 1; o >= 0; o--) {
                int pair = (int) order[o];
                if (table.pairIoU(pair) < tau) continue;
                int t = table.pairTruth(pair);
                int p = table.pairPredicted(pair);
                if (truthUsed[t] || predictedUsed[p]) continue;
                truthUsed[t] = true;
                predictedUsed[p] = true;
                tp++;
            }
            results[k] = new MatchResult(tau, tp, predictedCount - tp, truthCount - tp);
        }
        return results;
    }

    /** Mean of the average precisions over the given results (the usual "mAP" over tau). */
    public static double meanAveragePrecision(MatchResult[] results) {
        double sum = 0;
        for (MatchResult r : results) sum += r.averagePrecision();
        return results.length == 0 ? 0 : sum / results.length;
    }
}
