package io.github.fijiunet.tensor;

import io.github.fijiunet.InvalidInputException;

/**
 * Names the dimensions of an image, e.g. {@code "XY"}, {@code "XYC"}, {@code "XYZ"},
 * {@code "XYCZT"}: X and Y form a plane, C holds channels, every other axis (Z, T) counts planes.
 */
public final class Axes {

    private static final String KNOWN = "XYCZT";

    private final String names;

    private Axes(String names) {
        this.names = names;
    }

    public static Axes of(String names) {
        String upper = names == null ? "" : names.trim().toUpperCase();
        for (int i = 0; i < upper.length(); i++) {
            char axis = upper.charAt(i);
            if (KNOWN.indexOf(axis) < 0 || upper.indexOf(axis) != i) {
                throw new InvalidInputException("Axes \"" + names + "\" are not valid: use each of X, Y, C, Z, T at most once, e.g. XYC or XYCZT.");
            }
        }
        if (upper.indexOf('X') < 0 || upper.indexOf('Y') < 0) {
            throw new InvalidInputException("Axes \"" + names + "\" must include X and Y.");
        }
        return new Axes(upper);
    }

    public int count() {
        return names.length();
    }

    /** Dimension index of an axis letter, or -1 when the image has no such axis. */
    public int indexOf(char axis) {
        return names.indexOf(axis);
    }

    public boolean has(char axis) {
        return names.indexOf(axis) >= 0;
    }

    @Override
    public String toString() {
        return names;
    }
}
