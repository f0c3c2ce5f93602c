package io.github.fijiunet.predict;

import java.util.Locale;

/**
 * Classification options: key (macro {@code key=value}, CLI {@code --key-name}), dialog label and
 * default, in one place. Device and threads are shared with segmentation
 * ({@link io.github.fijiunet.segment.SegmentationOption#DEVICE}, {@code THREADS}).
 */
public enum ClassificationOption {
    MODEL("model", "Classifier model (name in models/ or a folder)", "fashion-cnn"),
    MARGIN("margin", "Margin around each object (pixels)", 2),
    SQUARE_CROPS("square_crops", "Pad object crops to a square (keep aspect ratio)", true),
    BATCH_SIZE("batch_size", "Objects per batch", 64);

    private final String key;
    private final String label;
    private final Object defaultValue;

    ClassificationOption(String key, String label, Object defaultValue) {
        this.key = key;
        this.label = label;
        this.defaultValue = defaultValue;
    }

    /** Macro / CLI key (snake case). */
    public String key() {
        return key;
    }

    /** CLI flag spelling, e.g. {@code --batch-size}. */
    public String flag() {
        return "--" + key.replace('_', '-');
    }

    public String label() {
        return label;
    }

    /** The default, typed (String, Integer, Boolean). */
    public Object defaultValue() {
        return defaultValue;
    }

    public String defaultText() {
        return String.valueOf(defaultValue).toLowerCase(Locale.ROOT);
    }
}
