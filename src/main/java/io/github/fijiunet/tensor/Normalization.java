package io.github.fijiunet.tensor;

import io.github.fijiunet.InvalidOptionException;

/**
 * How raw intensities are scaled before they reach a network. Percentile normalisation maps the
 * {@code low}-th percentile to 0 and the {@code high}-th to 1 per channel, as StarDist and CSBDeep
 * do; min-max uses the image's extremes; NONE passes values through.
 */
public final class Normalization {

    public enum Mode { PERCENTILE, MIN_MAX, NONE }

    public static final Normalization NONE = new Normalization(Mode.NONE, 0, 100);

    private final Mode mode;
    private final double low;
    private final double high;

    public Normalization(Mode mode, double low, double high) {
        if (mode == null) throw new InvalidOptionException("Normalisation mode is missing: use percentile, min_max or none.");
        if (mode == Mode.PERCENTILE && !(0 <= low && low < high && high <= 100)) {
            throw new InvalidOptionException("Normalisation percentiles must satisfy 0 <= low < high <= 100, got low="
                    + low + ", high=" + high + ". Typical values are low=1, high=99.8.");
        }
        this.mode = mode;
        this.low = low;
        this.high = high;
    }

    public static Normalization percentile(double low, double high) {
        return new Normalization(Mode.PERCENTILE, low, high);
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
