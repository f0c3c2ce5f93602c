package io.github.fijiunet.train;

import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.model.Precision;
/**
 * Training options shown to users: key (CLI {@code --key-name}, dialog field), label and default,
 * in one place. {@link TrainingOptions.Builder} starts from these defaults, the {@code train}
 * command reads them through its default provider, the Fiji Train Model command through its fields.
 */
public enum TrainingOption implements OptionSpec {
    TASK("task", "Segmentation task (instance or semantic)", "instance"),
    VAL_FRACTION("val_fraction", "Fraction held out for validation", 0.1),
    EPOCHS("epochs", "Epochs", 50),
    STEPS_PER_EPOCH("steps_per_epoch", "Steps per epoch (0 = one pass for classification, 100 for segmentation)", 0),
    BATCH("batch", "Batch size", 8),
    PATCH("patch", "Patch size (pixels, segmentation)", 128),
    LR("lr", "Adam learning rate", 1e-3),
    SCHEDULE("schedule", "Learning-rate schedule", TrainingOptions.Schedule.COSINE),
    PATIENCE("patience", "Early-stopping patience (epochs, 0 = off)", 10),
    CHECKPOINT_EVERY("checkpoint_every", "Steps between checkpoints", 200),
    SEED("seed", "Random seed", 42L),
    THREADS("threads", "TensorFlow threads (0 = all cores)", 0),
    PRECISION("precision", Precision.LABEL, Precision.FLOAT32),
    // 16 base filters: a 4-level U-Net of 1.9 M parameters (7.6 MB) that trains in under an hour on
    // two CPU cores, as the shipped nuclei-unet did; 32 costs four times the compute.
    DEPTH("depth", "U-Net depth (pooling levels)", 4),
    FILTERS("filters", "U-Net base filters", 16),
    DROPOUT("dropout", "Dropout rate at the bottleneck", 0.0),
    EXPORT_HEAD("export_head", "U-Net++ head to export (0 = average of all heads)", 0),
    BOUNDARY_WEIGHT("boundary_weight", "Loss weight of boundary pixels (instance task)", 3.0),
    DICE_WEIGHT("dice_weight", "Weight of the soft-Dice loss (semantic task)", 1.0),
    OVERWRITE("overwrite", TrainingOptions.OVERWRITE_LABEL, false);

    private final Definition definition;

    TrainingOption(String key, String label, Object defaultValue) {
        this.definition = new Definition(key, label, defaultValue);
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
