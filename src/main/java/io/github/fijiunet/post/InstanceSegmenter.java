package io.github.fijiunet.post;

import io.github.fijiunet.InvalidInputException;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Probabilities to instance labels: seeds, watershed, then size filter, hole filling, border
 * removal and consecutive relabelling (1..N per plane).
 */
public final class InstanceSegmenter {

    private final InstanceOptions options;

    public InstanceSegmenter(InstanceOptions options) {
        this.options = options;
    }

    public InstanceOptions options() {
        return options;
    }

    /** Segments one plane: XY foreground probability, or XYC class probabilities with C last. */
    public LabelPlane segment(RandomAccessibleInterval<FloatType> probabilities) {
        int channels = Planes.channelCount(probabilities);
        resolve(options.method(), channels); // refuses a wrong channel count before any copy
        float[][] planes = new float[channels][];
        for (int c = 0; c < channels; c++) planes[c] = Planes.channelFloats(probabilities, c);
        return segmentChannels(planes, (int) probabilities.dimension(0), (int) probabilities.dimension(1));
    }

    /**
     * Segments one plane given as one array per channel (width × height, row-major): the
     * foreground probability, or the background, boundary and interior probabilities. The arrays
     * are working space: they are overwritten, so a caller that still needs them passes copies.
     */
    public LabelPlane segmentChannels(float[][] channels, int w, int h) {
        InstanceMethod method = resolve(options.method(), channels.length);
        LabelPlane raw;
        if (method == InstanceMethod.THREE_CLASS) {
            raw = threeClass(channels[0], channels[2], w, h);
        } else {
            float[] foreground = channels[0];
            if (channels.length > 1) Bands.forPlane(foreground.length, (from, to) -> {
                for (int i = from; i < to; i++) foreground[i] = 1f - foreground[i]; // channel 0 is background
            });
            boolean[] mask = options.threshold().apply(foreground, null);
            raw = method == InstanceMethod.DISTANCE_WATERSHED
                    ? splitByDistance(mask, w, h)
                    : ConnectedComponents.label(mask, w, h, options.connectivity());
        }
        return cleanUp(raw);
    }

    /** Distance-transform watershed of a binary mask (also the classical baseline's splitting step). */
    public LabelPlane splitByDistance(boolean[] mask, int width, int height) {
        return splitByDistance(mask, width, height, options.seedProminence());
    }

    private LabelPlane splitByDistance(boolean[] mask, int width, int height, double prominence) {
        float[] distance = DistanceTransform.euclidean(mask, width, height);
        float[] smooth = options.distanceSigma() > 0 && hasBackground(mask)
                ? GaussianBlur.blur(distance, width, height, options.distanceSigma())
                : distance;
        // The seeds lie in the mask, so the maxima and the flood share the mask's regions.
        RegionPixels regions = maskRegions(mask, width, height);
        LabelPlane seeds = ProminentMaxima.seeds(smooth, mask, width, height, prominence, options.connectivity(), regions);
        float[] elevation = smooth; // not needed any more: negated in place
        Bands.forPlane(elevation.length, (from, to) -> {
            for (int i = from; i < to; i++) elevation[i] = -elevation[i];
        });
        return SeededWatershed.flood(elevation, seeds, mask, options.connectivity(), regions);
    }

    /** The pixels of the mask's connected regions, for the floods and maxima to run region by region in parallel; null on small planes. */
    private RegionPixels maskRegions(boolean[] mask, int width, int height) {
        return SeededWatershed.runsByRegion(mask.length) ? RegionPixels.of(ConnectedComponents.label(mask, width, height, options.connectivity())) : null;
    }

    /** Size filter, fill holes, border removal and relabelling, as configured. */
    public LabelPlane cleanUp(LabelPlane labels) {
        LabelPlane out = labels;
        if (options.fillHoles()) out = LabelFilters.fillHoles(out);
        if (options.excludeBorder()) out = LabelFilters.removeTouchingBorder(out);
        if (options.minSize() > 0 || options.maxSize() > 0) return LabelFilters.removeBySizeRelabelled(out, options.minSize(), options.maxSize());
        return LabelFilters.relabelConsecutive(out);
    }

    /** {@code interior} is the caller's copy: it becomes the flood's elevation in place. */
    private LabelPlane threeClass(float[] background, float[] interior, int w, int h) {
        boolean[] mask;
        boolean[] seedMask = new boolean[background.length];
        double seedThreshold = options.seedThreshold();
        if (options.threshold().isOtsu()) {
            float[] foreground = new float[background.length];
            for (int i = 0; i < foreground.length; i++) foreground[i] = 1f - background[i];
            mask = options.threshold().apply(foreground, null);
            for (int i = 0; i < mask.length; i++) seedMask[i] = mask[i] && interior[i] > seedThreshold;
        } else {
            // One pass for both masks, comparing the same float foreground as Threshold.apply would.
            double t = options.threshold().value();
            boolean[] both = new boolean[background.length];
            boolean[] seeds = seedMask;
            Bands.forPlane(both.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    boolean m = 1f - background[i] > t;
                    both[i] = m;
                    seeds[i] = m && interior[i] > seedThreshold;
                }
            });
            mask = both;
        }
        if (options.seedShrink() > 0) {
            // Erode seeds so thin bridges between touching interiors break before labelling.
            seedMask = shrink(seedMask, w, h, options.seedShrink());
        }
        // Touching nuclei can share one interior blob with a waist; its distance map then has a maximum per nucleus.
        LabelPlane seeds = options.seedSplit() > 0 ? splitByDistance(seedMask, w, h, options.seedSplit())
                : ConnectedComponents.label(seedMask, w, h, options.connectivity());
        // Boundaries have low interior probability, so they become the ridges where seeds meet.
        float[] elevation = interior;
        Bands.forPlane(elevation.length, (from, to) -> {
            for (int i = from; i < to; i++) elevation[i] = 1f - elevation[i];
        });
        // The seeds lie in the mask: its own regions are those the flood keeps to.
        LabelPlane flooded = SeededWatershed.flood(elevation, seeds, mask, options.connectivity(), maskRegions(mask, w, h));
        return withUnseededRegions(flooded, mask);
    }

    /**
     * Keeps the pixels farther than {@code distance} from the background (pixels beyond the plane
     * do not count), as the distance transform says. Below 2 px only the 8 neighbours can be that
     * close (at 1 and sqrt 2, compared as the transform's float distances are), so the erosion
     * reads them directly instead of transforming the plane; larger distances take the transform.
     */
    static boolean[] shrink(boolean[] mask, int w, int h, double distance) {
        if (!(2f > distance)) {
            float[] inside = DistanceTransform.euclidean(mask, w, h);
            boolean[] kept = new boolean[mask.length];
            for (int i = 0; i < mask.length; i++) kept[i] = mask[i] && inside[i] > distance;
            return kept;
        }
        boolean edges = !(1f > distance);
        boolean corners = !((float) Math.sqrt(2) > distance);
        if (!edges) return mask.clone(); // every object pixel is at least 1 px from the background
        boolean[] kept = new boolean[mask.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                if (!mask[p]) continue;
                boolean touches = x > 0 && !mask[p - 1] || x < w - 1 && !mask[p + 1] || y > 0 && !mask[p - w] || y < h - 1 && !mask[p + w];
                if (!touches && corners) {
                    touches = y > 0 && (x > 0 && !mask[p - w - 1] || x < w - 1 && !mask[p - w + 1])
                            || y < h - 1 && (x > 0 && !mask[p + w - 1] || x < w - 1 && !mask[p + w + 1]);
                }
                kept[p] = !touches;
            }
        }
        return kept;
    }

    /** Foreground regions no seed reached (e.g. small objects without interior) become objects of their own. */
    private LabelPlane withUnseededRegions(LabelPlane flooded, boolean[] mask) {
        int[] labels = flooded.labels();
        boolean[] rest = new boolean[labels.length];
        boolean any = false;
        for (int i = 0; i < labels.length; i++) {
            rest[i] = mask[i] && labels[i] == 0;
            any |= rest[i];
        }
        if (!any) return flooded;
        LabelPlane extra = ConnectedComponents.label(rest, flooded.width(), flooded.height(), options.connectivity());
        int offset = flooded.maxLabel();
        int[] extraLabels = extra.labels();
        for (int i = 0; i < labels.length; i++) if (extraLabels[i] > 0) labels[i] = offset + extraLabels[i];
        return new LabelPlane(flooded.width(), flooded.height(), labels, offset + extra.maxLabel());
    }

    private static InstanceMethod resolve(InstanceMethod method, int channels) {
        if (method == InstanceMethod.AUTO) return channels == 3 ? InstanceMethod.THREE_CLASS : InstanceMethod.DISTANCE_WATERSHED;
        if (method == InstanceMethod.THREE_CLASS && channels != 3) {
            throw new InvalidInputException("The three_class method needs 3 probability channels [background, boundary, interior], got "
                    + channels + ". Use distance_watershed or connected_components for a foreground probability.");
        }
        return method;
    }

    private static boolean hasBackground(boolean[] mask) {
        for (boolean m : mask) if (!m) return true;
        return false;
    }
}
