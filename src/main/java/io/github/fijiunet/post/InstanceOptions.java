package io.github.fijiunet.post;

import io.github.fijiunet.InvalidOptionException;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Immutable instance-segmentation settings; defaults come from {@link InstanceOption}. They
 * remember which options were set explicitly ({@link #isGiven}): the others give way to a model's
 * own tuned defaults ({@link #withModelDefaults}), as StarDist keeps its thresholds with the model.
 */
public final class InstanceOptions implements java.io.Serializable {

    private static final long serialVersionUID = 2L;

    private final InstanceMethod method;
    private final Threshold threshold;
    private final double seedThreshold;
    private final double seedShrink;
    private final double seedSplit;
    private final double distanceSigma;
    private final double seedProminence;
    private final Connectivity connectivity;
    private final long minSize;
    private final long maxSize;
    private final boolean fillHoles;
    private final boolean excludeBorder;
    private final EnumSet<InstanceOption> given;

    private InstanceOptions(Builder b) {
        method = b.method;
        threshold = b.threshold;
        seedThreshold = b.seedThreshold;
        seedShrink = b.seedShrink;
        seedSplit = b.seedSplit;
        distanceSigma = b.distanceSigma;
        seedProminence = b.seedProminence;
        connectivity = b.connectivity;
        minSize = b.minSize;
        maxSize = b.maxSize;
        fillHoles = b.fillHoles;
        excludeBorder = b.excludeBorder;
        given = b.given.clone();
    }

    public static InstanceOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, the same options marked as given. */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (InstanceOption o : InstanceOption.values()) b.value(o, value(o));
        b.given.retainAll(given);
        return b;
    }

    /** Whether {@code option} was set explicitly rather than left at its default. */
    public boolean isGiven(InstanceOption option) {
        return given.contains(option);
    }

    /** The options set explicitly. */
    public Set<InstanceOption> given() {
        return java.util.Collections.unmodifiableSet(given);
    }

    /**
     * These options with every option that was not {@linkplain #isGiven given} taken from
     * {@code modelDefaults} (option key → text, as a model descriptor's "postProcessing" holds them)
     * where it has one. A key that is no instance option, or a value its option refuses, fails with
     * a message naming {@code source}.
     */
    public InstanceOptions withModelDefaults(Map<String, String> modelDefaults, String source) {
        if (modelDefaults.isEmpty()) return this;
        Builder b = builder();
        for (Map.Entry<String, String> e : modelDefaults.entrySet()) {
            InstanceOption option = InstanceOption.forKey(e.getKey());
            if (option == null) {
                throw new InvalidOptionException(source + " sets the post-processing option \"" + e.getKey() + "\", which is not one of "
                        + InstanceOption.keys() + ". Remove it or correct its name.");
            }
            try {
                b.set(option, e.getValue());
            } catch (InvalidOptionException bad) {
                throw new InvalidOptionException(source + ": " + bad.getMessage());
            }
        }
        for (InstanceOption o : given) b.value(o, value(o));
        return b.build();
    }

    /** The value of {@code option}, typed as its default. */
    public Object value(InstanceOption option) {
        switch (option) {
            case METHOD: return method;
            case THRESHOLD: return threshold;
            case SEED_THRESHOLD: return seedThreshold;
            case SEED_SHRINK: return seedShrink;
            case SEED_SPLIT: return seedSplit;
            case DISTANCE_SIGMA: return distanceSigma;
            case SEED_PROMINENCE: return seedProminence;
            case CONNECTIVITY: return connectivity;
            case MIN_SIZE: return minSize;
            case MAX_SIZE: return maxSize;
            case FILL_HOLES: return fillHoles;
            case EXCLUDE_BORDER: return excludeBorder;
            default: throw new AssertionError(option);
        }
    }

    public InstanceMethod method() { return method; }
    public Threshold threshold() { return threshold; }
    public double seedThreshold() { return seedThreshold; }
    public double seedShrink() { return seedShrink; }
    public double seedSplit() { return seedSplit; }
    public double distanceSigma() { return distanceSigma; }
    public double seedProminence() { return seedProminence; }
    public Connectivity connectivity() { return connectivity; }
    public long minSize() { return minSize; }
    public long maxSize() { return maxSize; }
    public boolean fillHoles() { return fillHoles; }
    public boolean excludeBorder() { return excludeBorder; }

    /** Every option as {@code key=value} in macro syntax, in declaration order. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (InstanceOption o : InstanceOption.values()) sb.append(sb.length() > 0 ? " " : "").append(o.key()).append('=').append(o.text(value(o)));
        return sb.toString();
    }

    public static final class Builder {
        private InstanceMethod method = (InstanceMethod) InstanceOption.METHOD.defaultValue();
        private Threshold threshold = (Threshold) InstanceOption.THRESHOLD.defaultValue();
        private double seedThreshold = InstanceOption.SEED_THRESHOLD.defaultDouble();
        private double seedShrink = InstanceOption.SEED_SHRINK.defaultDouble();
        private double seedSplit = InstanceOption.SEED_SPLIT.defaultDouble();
        private double distanceSigma = InstanceOption.DISTANCE_SIGMA.defaultDouble();
        private double seedProminence = InstanceOption.SEED_PROMINENCE.defaultDouble();
        private Connectivity connectivity = (Connectivity) InstanceOption.CONNECTIVITY.defaultValue();
        private long minSize = InstanceOption.MIN_SIZE.defaultLong();
        private long maxSize = InstanceOption.MAX_SIZE.defaultLong();
        private boolean fillHoles = InstanceOption.FILL_HOLES.defaultBoolean();
        private boolean excludeBorder = InstanceOption.EXCLUDE_BORDER.defaultBoolean();
        private final EnumSet<InstanceOption> given = EnumSet.noneOf(InstanceOption.class);

        private Builder() {}

        public Builder method(InstanceMethod v) { method = v; return mark(InstanceOption.METHOD); }
        public Builder threshold(Threshold v) { threshold = v; return mark(InstanceOption.THRESHOLD); }
        public Builder seedThreshold(double v) { seedThreshold = v; return mark(InstanceOption.SEED_THRESHOLD); }
        public Builder seedShrink(double v) { seedShrink = v; return mark(InstanceOption.SEED_SHRINK); }
        public Builder seedSplit(double v) { seedSplit = v; return mark(InstanceOption.SEED_SPLIT); }
        public Builder distanceSigma(double v) { distanceSigma = v; return mark(InstanceOption.DISTANCE_SIGMA); }
        public Builder seedProminence(double v) { seedProminence = v; return mark(InstanceOption.SEED_PROMINENCE); }
        public Builder connectivity(Connectivity v) { connectivity = v; return mark(InstanceOption.CONNECTIVITY); }
        public Builder minSize(long v) { minSize = v; return mark(InstanceOption.MIN_SIZE); }
        public Builder maxSize(long v) { maxSize = v; return mark(InstanceOption.MAX_SIZE); }
        public Builder fillHoles(boolean v) { fillHoles = v; return mark(InstanceOption.FILL_HOLES); }
        public Builder excludeBorder(boolean v) { excludeBorder = v; return mark(InstanceOption.EXCLUDE_BORDER); }

        private Builder mark(InstanceOption option) {
            given.add(option);
            return this;
        }

        /** Sets one option from its text form (macro value, CLI argument), parsed by {@link InstanceOption#parse}. */
        public Builder set(InstanceOption option, String text) {
            return value(option, option.parse(text));
        }

        /** Sets one option to a value typed as its default. */
        public Builder value(InstanceOption option, Object v) {
            switch (option) {
                case METHOD: return method((InstanceMethod) v);
                case THRESHOLD: return threshold((Threshold) v);
                case SEED_THRESHOLD: return seedThreshold((Double) v);
                case SEED_SHRINK: return seedShrink((Double) v);
                case SEED_SPLIT: return seedSplit((Double) v);
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
            InstanceOption.SEED_SPLIT.requireInRange(seedSplit);
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
