package io.github.fijiunet.post;

import io.github.fijiunet.InvalidOptionException;

/** A probability threshold: a fixed value, or Otsu's threshold computed on each plane. */
public final class Threshold implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public static final Threshold OTSU = new Threshold(Double.NaN);

    private final double value;

    private Threshold(double value) {
        this.value = value;
    }

    public static Threshold fixed(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidOptionException("A probability threshold must lie in [0, 1], got " + value + ". Use 'otsu' for an automatic one.");
        }
        return new Threshold(value);
    }

    /** "otsu" or a number in [0, 1] (the spelling macros, dialogs and the CLI use). */
    public static Threshold parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("otsu")) return OTSU;
        try {
            return fixed(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new InvalidOptionException("Threshold must be a number in [0, 1] or 'otsu', got '" + text + "'.");
        }
    }

    public boolean isOtsu() {
        return Double.isNaN(value);
    }

    /** The fixed value; only meaningful when {@link #isOtsu()} is false. */
    public double value() {
        return value;
    }

    /** Foreground mask: value above the (fixed or Otsu) threshold, restricted to {@code within} (null = all). */
    public boolean[] apply(float[] values, boolean[] within) {
        double t = isOtsu() ? Otsu.threshold(values, within) : value;
        boolean[] mask = new boolean[values.length];
        for (int i = 0; i < values.length; i++) mask[i] = values[i] > t && (within == null || within[i]);
        return mask;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Threshold && Double.compare(((Threshold) o).value, value) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(value);
    }

    @Override
    public String toString() {
        return isOtsu() ? "otsu" : Double.toString(value);
    }
}
