package io.github.fijiunet.segment;

import io.github.fijiunet.OptionSpec;

import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.predict.TilingOptions;
import io.github.fijiunet.tensor.Normalization;

/**
 * Segmentation options besides the instance post-processing ones
 * ({@link io.github.fijiunet.post.InstanceOption}): key (macro {@code key=value} and CLI
 * {@code --key-name}), dialog label and default, in one place.
 */
public enum SegmentationOption implements OptionSpec {
    MODEL("model", "Model (name in models/ or a folder)", "nuclei-unet"),
    NORMALIZE("normalize", "Normalise input with percentiles", true),
    PERCENTILE_LOW("percentile_low", "Low percentile", Normalization.DEFAULT_LOW),
    PERCENTILE_HIGH("percentile_high", "High percentile", Normalization.DEFAULT_HIGH),
    TILE_SIZE("tile_size", "Tile size (pixels, 0 = automatic, else at least " + TilingOptions.MIN_TILE_SIZE + ")", 0),
    DEVICE("device", "Device", ComputeDevice.CPU),
    THREADS("threads", "CPU threads (0 = all cores)", 0),
    PRECISION("precision", Precision.LABEL, Precision.FLOAT32),
    LABEL_IMAGE("label_image", "Show label image", true),
    ROI_MANAGER("roi_manager", "Add ROIs to the ROI Manager", true),
    CLEAR_ROI_MANAGER("clear_roi_manager", "Clear the ROI Manager first", true),
    OVERLAY("overlay", "Add outlines as overlay", true),
    RESULTS("results", "Show results table", true),
    PROBABILITY_MAP("probability_map", "Show probability map", false);

    private final Definition definition;

    SegmentationOption(String key, String label, Object defaultValue) {
        this.definition = new Definition(key, label, defaultValue);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
