package io.github.fijiunet.eval;

import io.github.fijiunet.InvalidInputException;

/** Counts of (true class, predicted class) pairs: classified images, or pixels of a class map (training metrics). */
public final class ConfusionMatrix {

    private final long[][] counts;

    public ConfusionMatrix(int classCount) {
        if (classCount < 1) throw new InvalidInputException("A confusion matrix needs at least one class.");
        counts = new long[classCount][classCount];
    }

    public static ConfusionMatrix of(int[] truth, int[] predicted, int classCount) {
        if (truth.length != predicted.length) {
            throw new InvalidInputException(truth.length + " true classes but " + predicted.length + " predictions.");
        }
        ConfusionMatrix m = new ConfusionMatrix(classCount);
        for (int i = 0; i < truth.length; i++) m.add(truth[i], predicted[i]);
        return m;
    }

    public void add(int truth, int predicted) {
        int n = counts.length;
        if (truth < 0 || truth >= n || predicted < 0 || predicted >= n) {
            throw new InvalidInputException("Class index out of range 0.." + (n - 1) + ": truth=" + truth + ", predicted=" + predicted + ".");
        }
        counts[truth][predicted]++;
    }

    public int classCount() {
        return counts.length;
    }

    /** Row = true class, column = predicted class. */
    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    public long total() {
        long sum = 0;
        for (long[] row : counts) for (long c : row) sum += c;
        return sum;
    }

    /** Samples on the diagonal (predicted as their true class). */
    public long correct() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) correct += counts[c][c];
        return correct;
    }

    /** Fraction on the diagonal; NaN with no samples. */
    public double accuracy() {
        long total = total();
        return total == 0 ? Double.NaN : correct() / (double) total;
    }

    /** Samples whose true class is {@code truth} (its row). */
    public long samples(int truth) {
        long sum = 0;
        for (long c : counts[truth]) sum += c;
        return sum;
    }

    /** Fraction of class {@code truth}'s samples predicted as it (its recall); NaN with none. */
    public double classAccuracy(int truth) {
        long samples = samples(truth);
        return samples == 0 ? Double.NaN : counts[truth][truth] / (double) samples;
    }
}
