package io.github.fijiunet.predict;


/**
 * How objects are cut out and batched for an {@link ImageClassifier}. Immutable; defaults come
 * from {@link ClassificationOption} (the model is chosen by whoever loads it).
 */
public final class ClassificationOptions {

    private final int margin;
    private final boolean squareCrops;
    private final int batchSize;
    private final boolean testTimeAugmentation;

    private ClassificationOptions(Builder b) {
        this.margin = b.margin;
        this.squareCrops = b.squareCrops;
        this.batchSize = b.batchSize;
        this.testTimeAugmentation = b.testTimeAugmentation;
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

    /** Whether each sample is also classified in the symmetries the model was trained to ignore, the probabilities averaged. */
    public boolean testTimeAugmentation() {
        return testTimeAugmentation;
    }

    public static final class Builder {
        private int margin = (Integer) ClassificationOption.MARGIN.defaultValue();
        private boolean squareCrops = (Boolean) ClassificationOption.SQUARE_CROPS.defaultValue();
        private int batchSize = (Integer) ClassificationOption.BATCH_SIZE.defaultValue();
        private boolean testTimeAugmentation = (Boolean) ClassificationOption.TTA.defaultValue();

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

        public Builder testTimeAugmentation(boolean value) {
            testTimeAugmentation = value;
            return this;
        }

        /** Sets one option from its text form (macro value, CLI argument), parsed by the option; MODEL is not an option of this object. */
        public Builder set(ClassificationOption option, String text) {
            switch (option) {
                case MARGIN: return margin((Integer) option.parse(text));
                case SQUARE_CROPS: return squareCrops((Boolean) option.parse(text));
                case BATCH_SIZE: return batchSize((Integer) option.parse(text));
                case TTA: return testTimeAugmentation((Boolean) option.parse(text));
                default: throw new IllegalArgumentException(option.key() + " is chosen when the model is loaded");
            }
        }

        public ClassificationOptions build() {
            ClassificationOption.MARGIN.requireInRange(margin);
            ClassificationOption.BATCH_SIZE.requireInRange(batchSize);
            return new ClassificationOptions(this);
        }
    }
}
