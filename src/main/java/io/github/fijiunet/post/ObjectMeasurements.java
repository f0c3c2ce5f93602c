package io.github.fijiunet.post;

import java.util.ArrayList;
import java.util.List;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/** Measures every object of a label plane in one pass over its pixels. */
public final class ObjectMeasurements {

    private ObjectMeasurements() {}

    /** Measures shape only (intensity columns NaN). */
    public static List<ObjectMeasurement> measure(LabelPlane labels, List<ObjectOutline> outlines, PixelCalibration calibration) {
        return measure(labels, (float[]) null, outlines, calibration);
    }

    /** Measures with intensities from {@code intensity} (XY plane of the same size, or null). */
    public static List<ObjectMeasurement> measure(LabelPlane labels, RandomAccessibleInterval<? extends RealType<?>> intensity,
            List<ObjectOutline> outlines, PixelCalibration calibration) {
        return measure(labels, intensity == null ? null : Planes.toFloats(intensity), outlines, calibration);
    }

    /**
     * One measurement per outline (same order); the outline supplies label, plane and perimeter,
     * the label plane the pixels. {@code intensity} is row-major like the labels, or null.
     */
    public static List<ObjectMeasurement> measure(LabelPlane labels, float[] intensity, List<ObjectOutline> outlines,
            PixelCalibration calibration) {
        return measure(labels, intensity, null, outlines, calibration);
    }

    /** As {@link #measure(LabelPlane, float[], List, PixelCalibration)}, with each object's mean of {@code uncertainty} (or null: NaN). */
    public static List<ObjectMeasurement> measure(LabelPlane labels, float[] intensity, float[] uncertainty, List<ObjectOutline> outlines,
            PixelCalibration calibration) {
        if (uncertainty != null && uncertainty.length != labels.labels().length) {
            throw new IllegalArgumentException("uncertainty map of " + uncertainty.length + " pixels for a " + labels.width() + "x" + labels.height() + " plane");
        }
        if (intensity != null && intensity.length != labels.labels().length) {
            throw new io.github.fijiunet.InvalidInputException("The intensity image (" + intensity.length
                    + " pixels) and the label image (" + labels.width() + "x" + labels.height() + ") differ in size.");
        }
        int n = labels.maxLabel() + 1;
        long[] count = new long[n];
        double[] sumX = new double[n];
        double[] sumY = new double[n];
        double[] sum = new double[n];
        double[] spread = uncertainty == null ? null : new double[n];
        double[] min = new double[n];
        double[] max = new double[n];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        int w = labels.width();
        int[] l = labels.labels();
        for (int p = 0; p < l.length; p++) {
            int v = l[p];
            if (v == 0) continue;
            count[v]++;
            sumX[v] += p % w;
            sumY[v] += p / w;
            if (spread != null) spread[v] += uncertainty[p];
            if (intensity != null) {
                float value = intensity[p];
                sum[v] += value;
                if (value < min[v]) min[v] = value;
                if (value > max[v]) max[v] = value;
            }
        }
        double pw = calibration.pixelWidth();
        double ph = calibration.pixelHeight();
        List<ObjectMeasurement> result = new ArrayList<>(outlines.size());
        for (ObjectOutline outline : outlines) {
            int v = outline.label();
            long c = v < n ? count[v] : 0;
            boolean measured = intensity != null && c > 0;
            result.add(new ObjectMeasurement(v, outline.plane(), c, c * pw * ph,
                    c == 0 ? Double.NaN : (sumX[v] / c + 0.5) * pw,
                    c == 0 ? Double.NaN : (sumY[v] / c + 0.5) * ph,
                    measured ? sum[v] / c : Double.NaN,
                    measured ? min[v] : Double.NaN,
                    measured ? max[v] : Double.NaN,
                    outline.perimeter(pw, ph),
                    spread != null && c > 0 ? spread[v] / c : Double.NaN));
        }
        return result;
    }
}
