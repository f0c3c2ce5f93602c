package io.github.fijiunet.segment;

import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.post.InstanceOptions;
import io.github.fijiunet.predict.TilingOptions;
import io.github.fijiunet.tensor.Normalization;

/**
 * Everything that shapes one segmentation run besides the model and the image: normalisation
 * (null = the model's own), tiling, device/threads and the instance post-processing. Immutable;
 * the Fiji commands, the macro bridge and the CLI all build one of these (see
 * {@link SegmentationOption} for keys, labels and defaults).
 */
public final class SegmentationOptions implements java.io.Serializable {

    private static final long serialVersionUID = 2L;

    private final Normalization normalization;
    private final TilingOptions tiling;
    private final RuntimeOptions runtime;
    private final InstanceOptions instances;
    private final boolean keepProbabilities;
    private final boolean testTimeAugmentation;
    private final boolean keepUncertainty;
    private final int channel;
    private final double objectDiameter;

    private SegmentationOptions(Builder b) {
        this.normalization = b.normalization;
        this.tiling = b.tiling;
        this.runtime = b.runtime;
        this.instances = b.instances;
        this.keepProbabilities = b.keepProbabilities;
        this.testTimeAugmentation = b.testTimeAugmentation;
        this.keepUncertainty = b.keepUncertainty;
        this.channel = b.channel;
        this.objectDiameter = b.objectDiameter;
    }

    public static SegmentationOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.normalization = normalization;
        b.tiling = tiling;
        b.runtime = runtime;
        b.instances = instances;
        b.keepProbabilities = keepProbabilities;
        b.testTimeAugmentation = testTimeAugmentation;
        b.keepUncertainty = keepUncertainty;
        b.channel = channel;
        b.objectDiameter = objectDiameter;
        return b;
    }

    /** The normalisation to use, or null to use the one the model was trained with. */
    public Normalization normalization() {
        return normalization;
    }

    public TilingOptions tiling() {
        return tiling;
    }

    public RuntimeOptions runtime() {
        return runtime;
    }

    public InstanceOptions instances() {
        return instances;
    }

    /** Whether results keep the per-pixel probabilities (memory: channels × 4 bytes per pixel). */
    public boolean keepProbabilities() {
        return keepProbabilities;
    }

    /** Whether tiles are predicted in their 8 flips and rotations and averaged ({@link io.github.fijiunet.predict.TestTimeAugmentation}). */
    public boolean testTimeAugmentation() {
        return testTimeAugmentation;
    }

    /** Whether results keep the uncertainty map of test-time augmentation (4 bytes per pixel). */
    public boolean keepUncertainty() {
        return keepUncertainty;
    }

    /** The image channel to segment (1-based), or 0 for all of them (as many as the model takes). */
    public int channel() {
        return channel;
    }

    /** The user's objects' diameter in pixels, to scale the image to the model's objects; 0 = no scaling. */
    public double objectDiameter() {
        return objectDiameter;
    }

    public static final class Builder {
        private Normalization normalization;
        private TilingOptions tiling = TilingOptions.DEFAULT;
        private RuntimeOptions runtime = RuntimeOptions.DEFAULT;
        private InstanceOptions instances = InstanceOptions.defaults();
        private boolean keepProbabilities;
        private boolean testTimeAugmentation;
        private boolean keepUncertainty;
        private int channel = (Integer) SegmentationOption.CHANNEL.defaultValue();
        private double objectDiameter = (Double) SegmentationOption.OBJECT_DIAMETER.defaultValue();

        public Builder normalization(Normalization value) {
            normalization = value;
            return this;
        }

        public Builder tiling(TilingOptions value) {
            tiling = value;
            return this;
        }

        public Builder runtime(RuntimeOptions value) {
            runtime = value;
            return this;
        }

        public Builder instances(InstanceOptions value) {
            instances = value;
            return this;
        }

        public Builder channel(int value) {
            SegmentationOption.CHANNEL.requireInRange(value);
            channel = value;
            return this;
        }

        public Builder objectDiameter(double pixels) {
            SegmentationOption.OBJECT_DIAMETER.requireInRange(pixels);
            objectDiameter = pixels;
            return this;
        }

        public Builder keepProbabilities(boolean value) {
            keepProbabilities = value;
            return this;
        }

        public Builder testTimeAugmentation(boolean value) {
            testTimeAugmentation = value;
            return this;
        }

        public Builder keepUncertainty(boolean value) {
            keepUncertainty = value;
            return this;
        }

        public SegmentationOptions build() {
            if (keepUncertainty && !testTimeAugmentation) {
                throw new io.github.fijiunet.InvalidOptionException("The uncertainty map comes from test-time augmentation: switch tta on, "
                        + "or uncertainty_map off.");
            }
            return new SegmentationOptions(this);
        }
    }
}
