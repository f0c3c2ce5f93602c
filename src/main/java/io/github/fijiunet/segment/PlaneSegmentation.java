package io.github.fijiunet.segment;

import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.ObjectMeasurement;
import io.github.fijiunet.post.ObjectOutline;

import java.util.List;

/** One plane's result: labels 1..N, one outline and one measurement row per object. */
public final class PlaneSegmentation {

    private final int plane;
    private final LabelPlane labels;
    private final List<ObjectOutline> outlines;
    private final List<ObjectMeasurement> measurements;
    private final float[][] probabilities;
    private final float[] uncertainty;

    PlaneSegmentation(int plane, LabelPlane labels, List<ObjectOutline> outlines, List<ObjectMeasurement> measurements,
                      float[][] probabilities) {
        this(plane, labels, outlines, measurements, probabilities, null);
    }

    PlaneSegmentation(int plane, LabelPlane labels, List<ObjectOutline> outlines, List<ObjectMeasurement> measurements,
                      float[][] probabilities, float[] uncertainty) {
        this.plane = plane;
        this.labels = labels;
        this.outlines = List.copyOf(outlines);
        this.measurements = List.copyOf(measurements);
        this.probabilities = probabilities;
        this.uncertainty = uncertainty;
    }

    /** Plane index in the input's plane order (Z fastest, then T). */
    public int plane() {
        return plane;
    }

    public LabelPlane labels() {
        return labels;
    }

    public List<ObjectOutline> outlines() {
        return outlines;
    }

    public List<ObjectMeasurement> measurements() {
        return measurements;
    }

    public int objectCount() {
        return outlines.size();
    }

    /**
     * Per-channel probability planes (row-major, width × height), or null unless
     * {@link SegmentationOptions#keepProbabilities()} was set.
     */
    public float[][] probabilities() {
        return probabilities;
    }

    /**
     * The test-time augmentation uncertainty map (row-major, width × height), or null unless
     * {@link SegmentationOptions#keepUncertainty()} was set.
     */
    public float[] uncertainty() {
        return uncertainty;
    }
}
