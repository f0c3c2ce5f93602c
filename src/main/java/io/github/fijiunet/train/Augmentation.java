package io.github.fijiunet.train;

/**
 * Random augmentation applied to training samples: mirror flips, 90° rotations (square patches
 * only) and an intensity change {@code x·scale + shift} with scale in [1 - s, 1 + s] and shift in
 * [-t, t], applied to the normalised image.
 */
public final class Augmentation {

    public static final Augmentation NONE = new Augmentation(false, false, false, 0, 0);

    public final boolean horizontalFlips;
    public final boolean verticalFlips;
    public final boolean rotations;
    public final float intensityScale;
    public final float intensityShift;

    public Augmentation(boolean horizontalFlips, boolean verticalFlips, boolean rotations, float intensityScale, float intensityShift) {
        this.horizontalFlips = horizontalFlips;
        this.verticalFlips = verticalFlips;
        this.rotations = rotations;
        this.intensityScale = intensityScale;
        this.intensityShift = intensityShift;
    }

    /** Flips, rotations and ±10 % intensity changes: the default for microscopy segmentation. */
    public static Augmentation microscopy() {
        return new Augmentation(true, true, true, 0.1f, 0.1f);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (horizontalFlips) sb.append("horizontal flips, ");
        if (verticalFlips) sb.append("vertical flips, ");
        if (rotations) sb.append("90° rotations, ");
        if (intensityScale != 0 || intensityShift != 0) sb.append("intensity scale ±").append(intensityScale).append(" shift ±").append(intensityShift).append(", ");
        return sb.length() == 0 ? "none" : sb.substring(0, sb.length() - 2);
    }
}
