package io.github.fijiunet.predict;

import io.github.fijiunet.OptionSpec;

/**
 * Classification options: key (macro {@code key=value}, CLI {@code --key-name}), dialog label and
 * default, in one place. Device and threads are shared with segmentation
 * ({@link io.github.fijiunet.segment.SegmentationOption#DEVICE}, {@code THREADS}).
 */
public enum ClassificationOption implements OptionSpec {
    MODEL(Definition.of("model", "Classifier model (name in models/ or a folder)", "fashion-cnn")
            .help("A classifier shipped in models/ (fashion-cnn) or the folder of a trained one.")),
    MARGIN(Definition.of("margin", "Margin around each object (pixels)", 2).min(0)
            .help("Pixels of context kept around each object's bounding box.")),
    SQUARE_CROPS(Definition.of("square_crops", "Pad object crops to a square (keep aspect ratio)", true)
            .help("Pad each crop to a square before resizing, so objects keep their shape.")),
    BATCH_SIZE(Definition.of("batch_size", "Objects per batch", 64).range(1, 65536)
            .help("Objects the model classifies at once; larger is faster and needs more memory.")),
    TTA(Definition.of("tta", "Test-time augmentation (average over the model's flips)", false)
            .help("Average each object's probabilities over the flips/rotations the model was trained to ignore "
                    + "(its descriptor's \"symmetries\", e.g. the mirror image for fashion-cnn): a little more accurate, that many times the time."));

    private final Definition definition;

    ClassificationOption(Definition definition) {
        this.definition = definition;
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
