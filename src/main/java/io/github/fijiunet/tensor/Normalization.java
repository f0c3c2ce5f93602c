package io.github.fijiunet.tensor;

import io.github.fijiunet.InvalidOptionException;

/**
 * How raw intensities are scaled before they reach a network. Percentile normalisation maps the
 * {@code low}-th percentile to 0 and the {@code high}-th to 1 per channel, as StarDist and CSBDeep
 * do; min-max uses the image's extremes; NONE passes values through.
 */
public final class Normalization implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public enum Mode { PERCENTILE, MIN_MAX, NONE }

    public static final Normalization NONE = new Normalization(Mode.NONE, 0, 100);

    /**
     * The percentiles used wherever neither the user nor the model says otherwise (dialogs, macros,
     * CLI, training, model.json without them): StarDist's and CSBDeep's defaults.
     */
    public static final double DEFAULT_LOW = 1.0;
    public static final double DEFAULT_HIGH = 99.8;
    /** The default pair as a {@code low,high} argument ({@code --percentiles}). */
    public static final String DEFAULT_PERCENTILES_TEXT = DEFAULT_LOW + "," + DEFAULT_HIGH;

    private final Mode mode;
    private final double low;
    private final double high;

    public Normalization(Mode mode, double low, double high) {
        if (mode == null) throw new InvalidOptionException("Normalisation mode is missing: use percentile, min_max or none.");
        if (mode == Mode.PERCENTILE && !(0 <= low && low < high && high <= 100)) {
            throw new InvalidOptionException("Normalisation percentiles must satisfy 0 <= low < high <= 100, got low="
                    + low + ", high=" + high + ". Typical values are low=" + DEFAULT_LOW + ", high=" + DEFAULT_HIGH + ".");
        }
        this.mode = mode;
        this.low = low;
        this.high = high;
    }

    public static Normalization percentile(double low, double high) {
        return new Normalization(Mode.PERCENTILE, low, high);
    }

    /** Percentile normalisation with {@link #DEFAULT_LOW} and {@link #DEFAULT_HIGH}. */
    public static Normalization defaultPercentiles() {
        return percentile(DEFAULT_LOW, DEFAULT_HIGH);
    }

    public static Normalization minMax() {
        return new Normalization(Mode.MIN_MAX, 0, 100);
    }

    public Mode mode() {
        return mode;
    }

    public double low() {
        return low;
    }

    public double high() {
        return high;
    }

    @Override
    public String toString() {
        return mode == Mode.PERCENTILE ? "percentile(" + low + ", " + high + ")" : mode.name().toLowerCase();
    }
}
