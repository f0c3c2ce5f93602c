package io.github.fijiunet.eval;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.post.LabelPlane;

/** Pixel-level agreement of class maps (semantic) or of foreground (label > 0) for instance images. */
public final class PixelMetrics {

    private PixelMetrics() {}

    /** IoU and Dice of each class 0..classCount-1 of two class-index planes. */
    public static ClassOverlap[] perClass(LabelPlane truth, LabelPlane predicted, int classCount) {
        requireSameSize(truth, predicted);
        long[] truthCount = new long[classCount];
        long[] predictedCount = new long[classCount];
        long[] both = new long[classCount];
        int[] t = truth.labels();
        int[] p = predicted.labels();
        for (int i = 0; i < t.length; i++) {
            int tc = t[i];
            int pc = p[i];
            if (tc >= classCount || pc >= classCount) {
                throw new InvalidInputException("Class index " + Math.max(tc, pc) + " found, but only " + classCount + " classes were given.");
            }
            truthCount[tc]++;
            predictedCount[pc]++;
            if (tc == pc) both[tc]++;
        }
        ClassOverlap[] result = new ClassOverlap[classCount];
        for (int c = 0; c < classCount; c++) result[c] = new ClassOverlap(c, truthCount[c], predictedCount[c], both[c]);
        return result;
    }

    /** Foreground (label > 0) overlap of two instance label planes, reported as class 1. */
    public static ClassOverlap foreground(LabelPlane truth, LabelPlane predicted) {
        return foreground(ContingencyTable.of(truth, predicted));
    }

    public static ClassOverlap foreground(ContingencyTable table) {
        return new ClassOverlap(1, table.truthForeground(), table.predictedForeground(), table.foregroundOverlap());
    }

    private static void requireSameSize(LabelPlane a, LabelPlane b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new InvalidInputException("Prediction (" + b.width() + "x" + b.height() + ") and ground truth ("
                    + a.width() + "x" + a.height() + ") differ in size.");
        }
    }
}
