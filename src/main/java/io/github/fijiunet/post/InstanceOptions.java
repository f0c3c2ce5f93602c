package io.github.fijiunet.post;

import io.github.fijiunet.InvalidOptionException;

/** Immutable instance-segmentation settings; defaults come from {@link InstanceOption}. */
public final class InstanceOptions implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final InstanceMethod method;
    private final Threshold threshold;
    private final double seedThreshold;
    private final double seedShrink;
    private final double distanceSigma;
    private final double seedProminence;
    private final Connectivity connectivity;
    private final long minSize;
    private final long maxSize;
    private final boolean fillHoles;
    private final boolean excludeBorder;

    private InstanceOptions(Builder b) {
        method = b.method;
        threshold = b.threshold;
        seedThreshold = b.seedThreshold;
        seedShrink = b.seedShrink;
        distanceSigma = b.distanceSigma;
        seedProminence = b.seedProminence;
        connectivity = b.connectivity;
        minSize = b.minSize;
        maxSize = b.maxSize;
        fillHoles = b.fillHoles;
        excludeBorder = b.excludeBorder;
    }

    public static InstanceOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().method(method).threshold(threshold).seedThreshold(seedThreshold).seedShrink(seedShrink)
                .distanceSigma(distanceSigma).seedProminence(seedProminence).connectivity(connectivity)
                .minSize(minSize).maxSize(maxSize).fillHoles(fillHoles).excludeBorder(excludeBorder);
    }

    public InstanceMethod method() { return method; }
    public Threshold threshold() { return threshold; }
    public double seedThreshold() { return seedThreshold; }
    public double seedShrink() { return seedShrink; }
    public double distanceSigma() { return distanceSigma; }
    public double seedProminence() { return seedProminence; }
    public Connectivity connectivity() { return connectivity; }
    public long minSize() { return minSize; }
    public long maxSize() { return maxSize; }
    public boolean fillHoles() { return fillHoles; }
    public boolean excludeBorder() { return excludeBorder; }

    @Override
    public String toString() {
        return "method=" + method + " threshold=" + threshold + " seed_threshold=" + seedThreshold + " seed_shrink=" + seedShrink
                + " distance_sigma=" + distanceSigma + " seed_prominence=" + seedProminence + " connectivity=" + connectivity
                + " min_size=" + minSize + " max_size=" + maxSize + " fill_holes=" + fillHoles + " exclude_border=" + excludeBorder;
    }

    public static final class Builder {
        private InstanceMethod method = (InstanceMethod) InstanceOption.METHOD.defaultValue();
        private Threshold threshold = (Threshold) InstanceOption.THRESHOLD.defaultValue();
        private double seedThreshold = InstanceOption.SEED_THRESHOLD.defaultDouble();
        private double seedShrink = InstanceOption.SEED_SHRINK.defaultDouble();
        private double distanceSigma = InstanceOption.DISTANCE_SIGMA.defaultDouble();
        private double seedProminence = InstanceOption.SEED_PROMINENCE.defaultDouble();
        private Connectivity connectivity = (Connectivity) InstanceOption.CONNECTIVITY.defaultValue();
        private long minSize = InstanceOption.MIN_SIZE.defaultLong();
        private long maxSize = InstanceOption.MAX_SIZE.defaultLong();
        private boolean fillHoles = InstanceOption.FILL_HOLES.defaultBoolean();
        private boolean excludeBorder = InstanceOption.EXCLUDE_BORDER.defaultBoolean();

        private Builder() {}

        public Builder method(InstanceMethod v) { method = v; return this; }
        public Builder threshold(Threshold v) { threshold = v; return this; }
        public Builder seedThreshold(double v) { seedThreshold = v; return this; }
        public Builder seedShrink(double v) { seedShrink = v; return this; }
        public Builder distanceSigma(double v) { distanceSigma = v; return this; }
        public Builder seedProminence(double v) { seedProminence = v; return this; }
        public Builder connectivity(Connectivity v) { connectivity = v; return this; }
        public Builder minSize(long v) { minSize = v; return this; }
        public Builder maxSize(long v) { maxSize = v; return this; }
        public Builder fillHoles(boolean v) { fillHoles = v; return this; }
        public Builder excludeBorder(boolean v) { excludeBorder = v; return this; }

        /** Sets one option from its text form (macro value, CLI argument), parsed by {@link InstanceOption#parse}. */
        public Builder set(InstanceOption option, String text) {
            Object v = option.parse(text);
            switch (option) {
                case METHOD: return method((InstanceMethod) v);
                case THRESHOLD: return threshold((Threshold) v);
                case SEED_THRESHOLD: return seedThreshold((Double) v);
                case SEED_SHRINK: return seedShrink((Double) v);
                case DISTANCE_SIGMA: return distanceSigma((Double) v);
                case SEED_PROMINENCE: return seedProminence((Double) v);
                case CONNECTIVITY: return connectivity((Connectivity) v);
                case MIN_SIZE: return minSize((Long) v);
                case MAX_SIZE: return maxSize((Long) v);
                case FILL_HOLES: return fillHoles((Boolean) v);
                case EXCLUDE_BORDER: return excludeBorder((Boolean) v);
                default: throw new AssertionError(option);
            }
        }

        public InstanceOptions build() {
            if (method == null || threshold == null || connectivity == null) {
                throw new InvalidOptionException("Instance options need a method, a threshold and a connectivity.");
            }
            InstanceOption.SEED_THRESHOLD.requireInRange(seedThreshold);
            InstanceOption.SEED_SHRINK.requireInRange(seedShrink);
            InstanceOption.DISTANCE_SIGMA.requireInRange(distanceSigma);
            if (!(seedProminence > 0) || Double.isInfinite(seedProminence)) {
                throw new InvalidOptionException(InstanceOption.SEED_PROMINENCE.key() + " must be > 0, got " + seedProminence
                        + ". Larger values merge more maxima (fewer splits); 1-3 pixels suits round nuclei.");
            }
            InstanceOption.MIN_SIZE.requireInRange(minSize);
            InstanceOption.MAX_SIZE.requireInRange(maxSize);
            if (maxSize > 0 && maxSize < minSize) {
                throw new InvalidOptionException("max_size (" + maxSize + ") is below min_size (" + minSize + "); use 0 for no upper limit.");
            }
            return new InstanceOptions(this);
        }

    }
}
