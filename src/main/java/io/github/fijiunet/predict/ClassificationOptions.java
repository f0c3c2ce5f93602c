package io.github.fijiunet.predict;

import io.github.fijiunet.InvalidOptionException;
import io.github.fijiunet.OptionValues;

/**
 * How objects are cut out and batched for an {@link ImageClassifier}. Immutable; defaults come
 * from {@link ClassificationOption} (the model is chosen by whoever loads it).
 */
public final class ClassificationOptions {

    private final int margin;
    private final boolean squareCrops;
    private final int batchSize;

    private ClassificationOptions(Builder b) {
        this.margin = b.margin;
        this.squareCrops = b.squareCrops;
        this.batchSize = b.batchSize;
    }

    public static ClassificationOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Pixels added around each object's bounding box. */
    public int margin() {
        return margin;
    }

    /** Whether object crops are grown to squares, so resizing keeps their aspect ratio. */
    public boolean squareCrops() {
        return squareCrops;
    }

    /** Objects per model call. */
    public int batchSize() {
        return batchSize;
    }

    public static final class Builder {
        private int margin = (Integer) ClassificationOption.MARGIN.defaultValue();
        private boolean squareCrops = (Boolean) ClassificationOption.SQUARE_CROPS.defaultValue();
        private int batchSize = (Integer) ClassificationOption.BATCH_SIZE.defaultValue();

        private Builder() {}

        public Builder margin(int pixels) {
            margin = pixels;
            return this;
        }

        public Builder squareCrops(boolean value) {
            squareCrops = value;
            return this;
        }

        public Builder batchSize(int objects) {
            batchSize = objects;
            return this;
        }

        /** Sets one option from its text form (macro value, CLI argument); MODEL is not an option of this object. */
        public Builder set(ClassificationOption option, String text) {
            String t = text == null ? "" : text.trim();
            switch (option) {
                case MARGIN: return margin(parseInt(option, t));
                case SQUARE_CROPS: return squareCrops(OptionValues.parseBoolean(option.key(), t));
                case BATCH_SIZE: return batchSize(parseInt(option, t));
                default: throw new IllegalArgumentException(option.key() + " is chosen when the model is loaded");
            }
        }

        public ClassificationOptions build() {
            if (margin < 0) {
                throw new InvalidOptionException(ClassificationOption.MARGIN.key() + " must be 0 or more pixels, got " + margin + ".");
            }
            if (batchSize < 1) {
                throw new InvalidOptionException(ClassificationOption.BATCH_SIZE.key() + " must be at least 1, got " + batchSize
                        + ". Larger batches are faster but take more memory; 64 suits small classifiers.");
            }
            return new ClassificationOptions(this);
        }

        private static int parseInt(ClassificationOption option, String text) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new InvalidOptionException("Option " + option.key() + " needs a whole number, got '" + text + "'.");
            }
        }
    }
}
