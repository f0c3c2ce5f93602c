package io.github.fijiunet.eval;

import io.github.fijiunet.InvalidOptionException;

/**
 * Settings of the classical baseline; the DEFAULT_ constants are the one place defaults live
 * (tuned on the DSB 2018 train split: mean AP 0.431 there; sigma 0..2, min size 5..40, prominence 0.5..3 tried).
 */
public final class BaselineOptions {

    public static final double DEFAULT_SIGMA = 0.5;
    public static final long DEFAULT_MIN_SIZE = 30;
    public static final double DEFAULT_SEED_PROMINENCE = 0.75;
    public static final double DEFAULT_DISTANCE_SIGMA = 1.0;
    public static final ObjectPolarity DEFAULT_POLARITY = ObjectPolarity.AUTO;

    private final double sigma;
    private final long minSize;
    private final double seedProminence;
    private final double distanceSigma;
    private final ObjectPolarity polarity;

    public BaselineOptions(double sigma, long minSize, double seedProminence, double distanceSigma, ObjectPolarity polarity) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) throw new InvalidOptionException("Smoothing sigma must be >= 0 pixels, got " + sigma + ".");
        if (minSize < 0) throw new InvalidOptionException("Minimum object size must be >= 0 pixels, got " + minSize + ".");
        if (!(seedProminence > 0)) throw new InvalidOptionException("Seed prominence must be > 0 pixels, got " + seedProminence + ".");
        if (!(distanceSigma >= 0)) throw new InvalidOptionException("Distance smoothing sigma must be >= 0, got " + distanceSigma + ".");
        if (polarity == null) throw new InvalidOptionException("Object polarity is missing: use auto, bright or dark.");
        this.sigma = sigma;
        this.minSize = minSize;
        this.seedProminence = seedProminence;
        this.distanceSigma = distanceSigma;
        this.polarity = polarity;
    }

    public static BaselineOptions defaults() {
        return new BaselineOptions(DEFAULT_SIGMA, DEFAULT_MIN_SIZE, DEFAULT_SEED_PROMINENCE, DEFAULT_DISTANCE_SIGMA, DEFAULT_POLARITY);
    }

    /** Gaussian sigma (pixels) applied to the raw image before Otsu. */
    public double sigma() { return sigma; }
    public long minSize() { return minSize; }
    public double seedProminence() { return seedProminence; }
    public double distanceSigma() { return distanceSigma; }
    public ObjectPolarity polarity() { return polarity; }

    @Override
    public String toString() {
        return "sigma=" + sigma + " min_size=" + minSize + " seed_prominence=" + seedProminence + " distance_sigma=" + distanceSigma
                + " objects=" + polarity;
    }
}
