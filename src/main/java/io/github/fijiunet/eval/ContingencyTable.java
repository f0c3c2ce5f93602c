package io.github.fijiunet.eval;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.post.LabelPlane;

/**
 * Sparse overlap counts between truth and predicted labels: only pairs that share pixels are
 * stored (sorted pixel-pair keys, O(n log n)), so IoUs never cost O(N_truth x N_pred). Labels
 * are renumbered 1..n first, so the tables are sized by the object count, whatever the IDs.
 */
public final class ContingencyTable {

    private final long[] truthAreas;
    private final long[] predictedAreas;
    private final int[] pairTruth;
    private final int[] pairPredicted;
    private final long[] pairOverlap;

    private ContingencyTable(long[] truthAreas, long[] predictedAreas, int[] pairTruth, int[] pairPredicted, long[] pairOverlap) {
        this.truthAreas = truthAreas;
        this.predictedAreas = predictedAreas;
        this.pairTruth = pairTruth;
        this.pairPredicted = pairPredicted;
        this.pairOverlap = pairOverlap;
    }

    public static ContingencyTable of(LabelPlane truth, LabelPlane predicted) {
        if (truth.width() != predicted.width() || truth.height() != predicted.height()) {
            throw new InvalidInputException("Prediction (" + predicted.width() + "x" + predicted.height() + ") and ground truth ("
                    + truth.width() + "x" + truth.height() + ") differ in size.");
        }
        int[] t = compactLabels(truth);
        int[] p = compactLabels(predicted);
        long[] truthAreas = new long[max(t) + 1];
        long[] predictedAreas = new long[max(p) + 1];
        int overlapping = 0;
        for (int i = 0; i < t.length; i++) {
            truthAreas[t[i]]++;
            predictedAreas[p[i]]++;
            if (t[i] != 0 && p[i] != 0) overlapping++;
        }
        long[] keys = new long[overlapping];
        int k = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] != 0 && p[i] != 0) keys[k++] = ((long) t[i] << 32) | p[i];
        }
        java.util.Arrays.sort(keys);
        int pairs = 0;
        for (int i = 0; i < keys.length; i++) if (i == 0 || keys[i] != keys[i - 1]) pairs++;
        int[] pairTruth = new int[pairs];
        int[] pairPredicted = new int[pairs];
        long[] pairOverlap = new long[pairs];
        int j = -1;
        for (int i = 0; i < keys.length; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                j++;
                pairTruth[j] = (int) (keys[i] >>> 32);
                pairPredicted[j] = (int) keys[i];
            }
            pairOverlap[j]++;
        }
        return new ContingencyTable(truthAreas, predictedAreas, pairTruth, pairPredicted, pairOverlap);
    }

    /**
     * The plane's labels renumbered 1..n in increasing order (0 stays background). Sparse IDs
     * (above the pixel count) are ranked by sorting, dense ones through a lookup table.
     */
    static int[] compactLabels(LabelPlane plane) {
        int[] labels = plane.labels();
        if (plane.maxLabel() <= labels.length) {
            int[] newId = new int[plane.maxLabel() + 1];
            for (int v : labels) newId[v] = 1;
            newId[0] = 0;
            int n = 0;
            for (int v = 1; v < newId.length; v++) if (newId[v] != 0) newId[v] = ++n;
            if (n == plane.maxLabel()) return labels;
            int[] out = new int[labels.length];
            for (int i = 0; i < labels.length; i++) out[i] = newId[labels[i]];
            return out;
        }
        int[] ids = labels.clone();
        java.util.Arrays.sort(ids);
        int n = 0;
        for (int v : ids) if (v != 0 && (n == 0 || v != ids[n - 1])) ids[n++] = v;
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) out[i] = labels[i] == 0 ? 0 : java.util.Arrays.binarySearch(ids, 0, n, labels[i]) + 1;
        return out;
    }

    private static int max(int[] labels) {
        int max = 0;
        for (int v : labels) max = Math.max(max, v);
        return max;
    }

    /** Number of overlapping (truth, prediction) pairs. */
    public int pairCount() {
        return pairTruth.length;
    }

    public int pairTruth(int pair) {
        return pairTruth[pair];
    }

    public int pairPredicted(int pair) {
        return pairPredicted[pair];
    }

    public long pairOverlap(int pair) {
        return pairOverlap[pair];
    }

    public double pairIoU(int pair) {
        long overlap = pairOverlap[pair];
        return overlap / (double) (truthAreas[pairTruth[pair]] + predictedAreas[pairPredicted[pair]] - overlap);
    }

    /** Labels present in the truth (area > 0, background excluded). */
    public int truthObjectCount() {
        return countPresent(truthAreas);
    }

    public int predictedObjectCount() {
        return countPresent(predictedAreas);
    }

    /** Foreground pixels (label > 0) of truth, prediction, and both. */
    public long truthForeground() {
        return foreground(truthAreas);
    }

    public long predictedForeground() {
        return foreground(predictedAreas);
    }

    public long foregroundOverlap() {
        long sum = 0;
        for (long o : pairOverlap) sum += o;
        return sum;
    }

    private static int countPresent(long[] areas) {
        int n = 0;
        for (int i = 1; i < areas.length; i++) if (areas[i] > 0) n++;
        return n;
    }

    private static long foreground(long[] areas) {
        long sum = 0;
        for (int i = 1; i < areas.length; i++) sum += areas[i];
        return sum;
    }
}
