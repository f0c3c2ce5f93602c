package io.github.fijiunet.train;

/**
 * Random augmentation applied to training samples: mirror flips, 90° rotations (square patches
 * only) and an intensity change {@code x·scale + shift} with scale in [1 - s, 1 + s] and shift in
 * [-t, t], applied to the normalised image.
 */
public final class Augmentation {

    public static final Augmentation NONE = new Augmentation(false, false, false, 0, 0);

    final boolean horizontalFlips;
    final boolean verticalFlips;
    final boolean rotations;
    final float intensityScale;
    final float intensityShift;

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
        if (!horizontalFlips && !verticalFlips && !rotations && intensityScale == 0 && intensityShift == 0) return "none";
        return (horizontalFlips ? "horizontal flips, " : "") + (verticalFlips ? "vertical flips, " : "")
                + (rotations ? "90° rotations, " : "") + "intensity scale ±" + intensityScale + " shift ±" + intensityShift;
    }
}
