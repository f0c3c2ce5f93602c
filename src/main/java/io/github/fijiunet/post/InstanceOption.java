package io.github.fijiunet.post;

import io.github.fijiunet.OptionSpec;

/**
 * Every instance-segmentation option with its key (macro and CLI spelling, e.g.
 * {@code --min-size} from {@code min_size}), dialog label and default: the one place defaults live.
 */
public enum InstanceOption implements OptionSpec {
    // Threshold, seed shrink and minimum size were tuned for the shipped nuclei-unet on 40 images of
    // the DSB2018 training split (pooled AP@0.5 0.790 with 0.5/0/10, 0.832 with these); see its card.
    METHOD("method", "Instance method", InstanceMethod.AUTO),
    THRESHOLD("threshold", "Foreground threshold (0-1 or otsu)", Threshold.fixed(0.7)),
    SEED_THRESHOLD("seed_threshold", "Interior seed threshold (3-class)", 0.5),
    SEED_SHRINK("seed_shrink", "Seed shrink (pixels, 3-class)", 1.5),
    DISTANCE_SIGMA("distance_sigma", "Distance smoothing sigma (pixels)", 1.0),
    SEED_PROMINENCE("seed_prominence", "Seed prominence (pixels of distance)", 1.0),
    CONNECTIVITY("connectivity", "Connectivity (4 or 8)", Connectivity.EIGHT),
    MIN_SIZE("min_size", "Minimum object size (pixels)", 25L),
    MAX_SIZE("max_size", "Maximum object size (pixels, 0 = no limit)", 0L),
    FILL_HOLES("fill_holes", "Fill holes", true),
    EXCLUDE_BORDER("exclude_border", "Exclude objects touching the edge", false);

    private final Definition definition;

    InstanceOption(String key, String label, Object defaultValue) {
        this.definition = new Definition(key, label, defaultValue);
    }

    @Override
    public Definition definition() {
        return definition;
    }

    double defaultDouble() {
        return (Double) defaultValue();
    }

    long defaultLong() {
        return (Long) defaultValue();
    }

    boolean defaultBoolean() {
        return (Boolean) defaultValue();
    }
}
