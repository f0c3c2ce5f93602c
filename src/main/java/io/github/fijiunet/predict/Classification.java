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

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%.3f)", className, probability());
    }
}
