package io.github.fijiunet.train;

/**
 * Random augmentation applied to training samples: mirror flips, 90° rotations (square patches
 * only) and an intensity change {@code x·scale + shift} with scale in [1 - s, 1 + s] and shift in
 * [-t, t], applied to the normalised image; optionally (segmentation) a gamma in [1/(1+g), 1+g]
 * on the positive values, a Gaussian blur of sigma up to {@code blur} pixels (half the patches)
 * and Gaussian noise of sigma up to {@code noise}: the contrast, focus and shot-noise differences
 * between microscopes; and optionally (segmentation) a random scaling of the patch by a factor in
 * [1/(1+z), 1+z] (the targets made from the scaled objects): nuclei of other sizes; and optionally
 * (segmentation) an elastic deformation: displacements drawn with standard deviation {@code elastic}
 * pixels at control points {@value #ELASTIC_SPACING} px apart, bilinear in between (the targets made
 * from the deformed objects): nuclei of other shapes.
 */
public final class Augmentation {

    public static final Augmentation NONE = new Augmentation(false, false, false, 0, 0);

    public final boolean horizontalFlips;
    public final boolean verticalFlips;
    public final boolean rotations;
    public final float intensityScale;
    public final float intensityShift;
    public final float gamma;
    public final float blur;
    public final float noise;
    public final float zoom;
    public final float elastic;

    /** Distance between the control points of the elastic deformation, in patch pixels (about two nuclei). */
    public static final int ELASTIC_SPACING = 32;

    public Augmentation(boolean horizontalFlips, boolean verticalFlips, boolean rotations, float intensityScale, float intensityShift) {
        this(horizontalFlips, verticalFlips, rotations, intensityScale, intensityShift, 0, 0, 0);
    }

    public Augmentation(boolean horizontalFlips, boolean verticalFlips, boolean rotations, float intensityScale, float intensityShift,
                        float gamma, float blur, float noise) {
        this(horizontalFlips, verticalFlips, rotations, intensityScale, intensityShift, gamma, blur, noise, 0, 0);
    }

    private Augmentation(boolean horizontalFlips, boolean verticalFlips, boolean rotations, float intensityScale, float intensityShift,
                         float gamma, float blur, float noise, float zoom, float elastic) {
        this.horizontalFlips = horizontalFlips;
        this.verticalFlips = verticalFlips;
        this.rotations = rotations;
        this.intensityScale = intensityScale;
        this.intensityShift = intensityShift;
        this.gamma = gamma;
        this.blur = blur;
        this.noise = noise;
        this.zoom = zoom;
        this.elastic = elastic;
    }

    /** This augmentation with patches also scaled by a random factor in [1/(1+z), 1+z], uniform in its logarithm. */
    public Augmentation withZoom(float z) {
        return new Augmentation(horizontalFlips, verticalFlips, rotations, intensityScale, intensityShift, gamma, blur, noise, z, elastic);
    }

    /** This augmentation with patches also deformed elastically, control points displaced by σ = {@code sigma} pixels. */
    public Augmentation withElastic(float sigma) {
        return new Augmentation(horizontalFlips, verticalFlips, rotations, intensityScale, intensityShift, gamma, blur, noise, zoom, sigma);
    }

    /** Flips, rotations and ±10 % intensity changes: the default for microscopy segmentation. */
    public static Augmentation microscopy() {
        return new Augmentation(true, true, true, 0.1f, 0.1f);
    }

    /** {@link #microscopy()} plus gamma 1/1.4–1.4, blur up to 1 px and noise up to 0.03 of the normalised range. */
    public static Augmentation strong() {
        return new Augmentation(true, true, true, 0.1f, 0.1f, 0.4f, 1f, 0.03f);
    }

    /** The names {@link #named} takes, as the {@code augment} option lists them. */
    public static final String[] NAMES = {"auto", "none", "hflip", "microscopy", "strong", "strong_zoom", "strong_elastic"};

    /**
     * The augmentation called {@code name} ({@link #NAMES}): {@code auto} is {@link #microscopy()}
     * for data whose objects have no up or left ({@code orientationFree}: microscopy segmentation,
     * example ROIs) and none for other images (class folders, IDX files keep their orientation).
     */
    public static Augmentation named(String name, boolean orientationFree) {
        switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto":
                return orientationFree ? microscopy() : NONE;
            case "none":
                return NONE;
            case "hflip":
                return new Augmentation(true, false, false, 0, 0);
            case "microscopy":
                return microscopy();
            case "strong":
                return strong();
            case "strong_zoom":
                return strong().withZoom(0.25f);
            case "strong_elastic":
                return strong().withElastic(2f);
            default:
                throw new io.github.fijiunet.InvalidOptionException("Unknown augmentation '" + name + "': use one of "
                        + String.join(", ", NAMES) + ".");
        }
    }

    /** Whether gamma, blur or noise change a patch's pixels beyond the intensity line. */
    public boolean changesPixels() {
        return gamma > 0 || blur > 0 || noise > 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (horizontalFlips) sb.append("horizontal flips, ");
        if (verticalFlips) sb.append("vertical flips, ");
        if (rotations) sb.append("90° rotations, ");
        if (intensityScale != 0 || intensityShift != 0) sb.append("intensity scale ±").append(intensityScale).append(" shift ±").append(intensityShift).append(", ");
        if (gamma > 0) sb.append("gamma 1/").append(1 + gamma).append("–").append(1 + gamma).append(", ");
        if (blur > 0) sb.append("blur sigma ≤ ").append(blur).append(" px (half the patches), ");
        if (noise > 0) sb.append("Gaussian noise sigma ≤ ").append(noise).append(", ");
        if (zoom > 0) sb.append("scaling 1/").append(1 + zoom).append("–").append(1 + zoom).append(", ");
        if (elastic > 0) sb.append("elastic deformation σ ").append(elastic).append(" px every ").append(ELASTIC_SPACING).append(" px, ");
        return sb.length() == 0 ? "none" : sb.substring(0, sb.length() - 2);
    }
}
