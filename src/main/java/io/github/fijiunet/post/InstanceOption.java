package io.github.fijiunet.post;

import io.github.fijiunet.OptionSpec;

/**
 * Every instance-segmentation option with its key (macro and CLI spelling, e.g.
 * {@code --min-size} from {@code min_size}), dialog label and default: the one place defaults live.
 */
public enum InstanceOption implements OptionSpec {
    // Threshold, seed shrink and minimum size were tuned for the shipped nuclei-unet on 40 images of
    // the DSB2018 training split (pooled AP@0.5 0.790 with 0.5/0/10, 0.832 with these); see its card.
    METHOD(Definition.of("method", "Instance method", InstanceMethod.AUTO)
            .help("How probabilities become objects: auto picks three_class for 3-channel models, distance_watershed otherwise.")),
    THRESHOLD(Definition.of("threshold", "Foreground threshold (0-1 or otsu)", Threshold.fixed(0.7)).parser(Threshold::parse).accepts("number 0-1 or otsu")
            .help("Foreground probability above which a pixel belongs to an object; otsu picks it per image.")),
    SEED_THRESHOLD(Definition.of("seed_threshold", "Interior seed threshold (3-class)", 0.5).range(0, 1)
            .help("Interior probability above which a pixel seeds an object (three_class only).")),
    SEED_SHRINK(Definition.of("seed_shrink", "Seed shrink (pixels, 3-class)", 1.5).min(0)
            .help("Pixels peeled off each seed before flooding, to split touching objects (three_class only).")),
    SEED_SPLIT(Definition.of("seed_split", "Seed split prominence (pixels, 3-class, 0 = off)", 0.0).min(0)
            .help("Splits an interior seed where its distance map has two maxima this prominent (a waist between touching nuclei); three_class only.")),
    DISTANCE_SIGMA(Definition.of("distance_sigma", "Distance smoothing sigma (pixels)", 1.0).range(0, 1e4)
            .help("Gaussian smoothing of the distance map before its maxima seed objects (distance_watershed, and three_class seed_split).")),
    SEED_PROMINENCE(Definition.of("seed_prominence", "Seed prominence (pixels of distance)", 1.0).min(0)
            .help("How far a distance maximum must rise above its surroundings to seed its own object; larger merges more.")),
    CONNECTIVITY(Definition.of("connectivity", "Connectivity (4 or 8)", Connectivity.EIGHT)
            .help("Whether diagonal neighbours belong to the same object.")),
    MIN_SIZE(Definition.of("min_size", "Minimum object size (pixels)", 25L).min(0)
            .help("Objects with fewer pixels are dropped.")),
    MAX_SIZE(Definition.of("max_size", "Maximum object size (pixels, 0 = no limit)", 0L).min(0)
            .help("Objects with more pixels are dropped; 0 keeps all.")),
    FILL_HOLES(Definition.of("fill_holes", "Fill holes", true)
            .help("Fill holes inside each object.")),
    EXCLUDE_BORDER(Definition.of("exclude_border", "Exclude objects touching the edge", false)
            .help("Drop objects that touch the image edge (they are cut and would bias measurements)."));

    private final Definition definition;

    InstanceOption(Definition definition) {
        this.definition = definition;
    }

    @Override
    public Definition definition() {
        return definition;
    }

    /** The option with this key, or null. */
    public static InstanceOption forKey(String key) {
        for (InstanceOption o : values()) if (o.key().equals(key)) return o;
        return null;
    }

    /** Every key, in declaration order. */
    public static java.util.List<String> keys() {
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (InstanceOption o : values()) keys.add(o.key());
        return keys;
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
