package io.github.fijiunet.train;

import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.model.Precision;
/**
 * Training options shown to users: key (CLI {@code --key-name}, dialog field), label and default,
 * in one place. {@link TrainingOptions.Builder} starts from these defaults, the {@code train}
 * command reads them through its default provider, the Fiji Train Model command through its fields.
 */
public enum TrainingOption implements OptionSpec {
    TASK(Definition.of("task", "Segmentation task", "instance").choices("instance", "semantic")
            .help("instance: background/boundary/interior (softmax), one label per cell; semantic: 1-channel foreground (sigmoid).")),
    VAL_FRACTION(Definition.of("val_fraction", "Fraction held out for validation", 0.1).range(0.01, 0.9)),
    EPOCHS(Definition.of("epochs", "Epochs", 50).min(1)),
    STEPS_PER_EPOCH(Definition.of("steps_per_epoch", "Steps per epoch (0 = one pass for classification, 100 for segmentation)", 0).min(0)),
    BATCH(Definition.of("batch", "Batch size", 8).min(1)),
    PATCH(Definition.of("patch", "Patch size (pixels, segmentation)", 128).min(8)),
    LR(Definition.of("lr", "Adam learning rate", 1e-3).range(1e-6, 0.9)),
    SCHEDULE(Definition.of("schedule", "Learning-rate schedule", TrainingOptions.Schedule.COSINE)),
    PATIENCE(Definition.of("patience", "Early-stopping patience (epochs, 0 = off)", 10).min(0)),
    CHECKPOINT_EVERY(Definition.of("checkpoint_every", "Steps between checkpoints", 200).min(1)),
    SEED(Definition.of("seed", "Random seed", 42L)),
    THREADS(Definition.of("threads", "TensorFlow threads (0 = all cores)", 0).min(0)),
    PRECISION(Definition.of("precision", Precision.LABEL, Precision.FLOAT32)),
    // 16 base filters: a 4-level U-Net of 1.9 M parameters (7.6 MB) that trains in under an hour on
    // two CPU cores, as the shipped nuclei-unet did; 32 costs four times the compute.
    DEPTH(Definition.of("depth", "U-Net depth (pooling levels)", 4).min(1)),
    FILTERS(Definition.of("filters", "U-Net base filters", 16).min(1)),
    DROPOUT(Definition.of("dropout", "Dropout rate at the bottleneck", 0.0).range(0, 0.99)),
    EXPORT_HEAD(Definition.of("export_head", "U-Net++ head to export (0 = average of all heads)", 0).min(0)),
    AUGMENT(Definition.of("augment", "Augmentation", "auto").choices(Augmentation.NAMES)
            .help("auto: microscopy for segmentation and example ROIs, none for class folders; microscopy: flips, 90° rotations, "
                    + "±10 % intensity; strong: that plus gamma, blur and noise; strong_zoom: that plus scaling 0.8–1.25; "
                    + "strong_elastic: strong plus elastic deformation; hflip; none.")),
    BOUNDARY_WEIGHT(Definition.of("boundary_weight", "Loss weight of boundary pixels (instance task)", 3.0).min(0)),
    BORDER_WEIGHT(Definition.of("border_weight", "Extra loss weight where two objects nearly touch (U-Net paper's w0; instance task, 0 = off)", 0.0).min(0)),
    SMALL_OBJECT_WEIGHT(Definition.of("small_object_weight", "Most loss weight of objects smaller than the median (instance task, 1 = off)", 1.0).min(1)
            .help("Pixels of an object smaller than the training objects' median area weigh sqrt(median / area) in the loss, at most this: "
                    + "tiny nuclei, which are few pixels, count more.")),
    DICE_WEIGHT(Definition.of("dice_weight", "Weight of the soft-Dice loss (semantic task)", 1.0).min(0)),
    OVERWRITE(Definition.of("overwrite", TrainingOptions.OVERWRITE_LABEL, false));

    private final Definition definition;

    TrainingOption(Definition definition) {
        this.definition = definition;
    }

    @Override
    public Definition definition() {
        return definition;
    }

    int intDefault() {
        return (Integer) defaultValue();
    }

    double doubleDefault() {
        return (Double) defaultValue();
    }
}
