package io.github.fijiunet.predict;

import io.github.fijiunet.OptionSpec;

/**
 * Classification options: key (macro {@code key=value}, CLI {@code --key-name}), dialog label and
 * default, in one place. Device and threads are shared with segmentation
 * ({@link io.github.fijiunet.segment.SegmentationOption#DEVICE}, {@code THREADS}).
 */
public enum ClassificationOption implements OptionSpec {
    MODEL("model", "Classifier model (name in models/ or a folder)", "fashion-cnn"),
    MARGIN("margin", "Margin around each object (pixels)", 2),
    SQUARE_CROPS("square_crops", "Pad object crops to a square (keep aspect ratio)", true),
    BATCH_SIZE("batch_size", "Objects per batch", 64);

    private final Definition definition;

    ClassificationOption(String key, String label, Object defaultValue) {
        this.definition = new Definition(key, label, defaultValue);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
