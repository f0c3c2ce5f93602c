package io.github.fijiunet.predict;

import java.util.Locale;

/** A classifier's answer for one image or object: the most probable class and every class' probability. */
public final class Classification {

    private final int classIndex;
    private final String className;
    private final float[] probabilities;

    public Classification(int classIndex, String className, float[] probabilities) {
        this.classIndex = classIndex;
        this.className = className;
        this.probabilities = probabilities.clone();
    }

    public int classIndex() {
        return classIndex;
    }

    public String className() {
        return className;
    }

    /** Probability of the chosen class. */
    public float probability() {
        return probabilities[classIndex];
    }

    /** One probability per class, in the model's class order (a copy). */
    public float[] probabilities() {
        return probabilities.clone();
    }

    /**
     * The median of the chosen classes' probabilities: how sure a classifier is of a set of samples
     * (compared with its model card's {@code median_confidence}); NaN for none.
     */
    public static double medianProbability(java.util.List<Classification> results) {
        if (results.isEmpty()) return Double.NaN;
        double[] top = results.stream().mapToDouble(Classification::probability).sorted().toArray();
        return top[top.length / 2];
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%.3f)", className, probability());
    }
}
