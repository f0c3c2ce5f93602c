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
    MODEL(Definition.of("model", "Model (name in models/ or a folder)", "nuclei-unet")
            .help("A model shipped in models/ (nuclei-unet, em-membrane-unet) or the folder of a trained one.")),
    CHANNEL(Definition.of("channel", "Channel with the objects (0 = all)", 0).min(0)
            .help("In a multi-channel image, the channel that shows the objects (e.g. the nuclear stain), counted from 1; "
                    + "0 gives the model every channel.")),
    OBJECT_DIAMETER(Definition.of("object_diameter", "Object diameter (pixels, 0 = as the model sees them)", 0.0).min(0)
            .help("The typical diameter of your objects in this image; the image is scaled so that they match the objects the "
                    + "model was trained on (its card gives their size), and the probabilities are scaled back.")),
    NORMALIZE(Definition.of("normalize", "Normalise input with percentiles", true)
            .help("Scale the input so that the low and high percentiles map to 0 and 1, as the model was trained.")),
    PERCENTILE_LOW(Definition.of("percentile_low", "Low percentile", Normalization.DEFAULT_LOW).range(0, 100)
            .help("Percentile of the input that becomes 0.")),
    PERCENTILE_HIGH(Definition.of("percentile_high", "High percentile", Normalization.DEFAULT_HIGH).range(0, 100)
            .help("Percentile of the input that becomes 1.")),
    TILE_SIZE(Definition.of("tile_size", "Tile size (pixels, 0 = automatic, else at least " + TilingOptions.MIN_TILE_SIZE + ")", 0).min(0)
            .help("Edge of the square tiles the model sees; 0 picks one from the image and memory.")),
    DEVICE(Definition.of("device", "Device", ComputeDevice.CPU)
            .help("Run the model on the CPU or the first CUDA GPU (falls back to the CPU with a warning).")),
    THREADS(Definition.of("threads", "CPU threads (0 = all cores)", 0).min(0)
            .help("Threads TensorFlow uses; 0 uses every core.")),
    PRECISION(Definition.of("precision", Precision.LABEL, Precision.FLOAT32)
            .help("bfloat16 runs about 1.7x faster on CPUs with AVX512-BF16 or AMX; probabilities differ by about 0.01.")),
    TTA(Definition.of("tta", "Test-time augmentation (8 flips/rotations, 8x the time)", false)
            .help("Predict every tile in its 8 flips and rotations and average them: steadier outlines, and an Uncertainty "
                    + "column (the spread of the 8 predictions over each object, 0 = all agree).")),
    LABEL_IMAGE(Definition.of("label_image", "Show label image", true)
            .help("Show a 16/32-bit image in which each object's pixels hold its number.")),
    ROI_MANAGER(Definition.of("roi_manager", "Add ROIs to the ROI Manager", true)
            .help("Add one outline ROI per object to the ROI Manager.")),
    CLEAR_ROI_MANAGER(Definition.of("clear_roi_manager", "Clear the ROI Manager first", true)
            .help("Remove the ROI Manager's ROIs before adding the new ones.")),
    OVERLAY(Definition.of("overlay", "Add outlines as overlay", true)
            .help("Draw the objects' outlines as an overlay on the input image.")),
    RESULTS(Definition.of("results", "Show results table", true)
            .help("Show one row of measurements (area, centroid, intensities) per object.")),
    PROBABILITY_MAP(Definition.of("probability_map", "Show probability map", false)
            .help("Also show the model's per-pixel probabilities.")),
    UNCERTAINTY_MAP(Definition.of("uncertainty_map", "Show uncertainty map (with tta)", false)
            .help("With tta, also show per pixel the standard deviation of the foreground probability across the 8 predictions."));

    private final Definition definition;

    SegmentationOption(Definition definition) {
        this.definition = definition;
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
