package io.github.fijiunet.workflow;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;
import io.github.fijiunet.Progress;
import io.github.fijiunet.post.GlasbeyLut;
import io.github.fijiunet.predict.Classification;
import io.github.fijiunet.predict.CropRegion;
import io.github.fijiunet.predict.ImageClassifier;
import io.github.fijiunet.tensor.ImagePlusImgs;

import java.awt.Color;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Classifies the objects outlined by ImageJ ROIs and writes the answers back onto them: the name
 * gets the class as suffix ({@code cell-0001-Coat}), the properties {@value #CLASS_PROPERTY} and
 * {@value #PROBABILITY_PROPERTY} are set, the outline takes one colour per class, and a results
 * table (one row per ROI, same order) gets its Class and Probability columns filled.
 */
public final class RoiClassification {

    public static final String CLASS_PROPERTY = "class";
    public static final String PROBABILITY_PROPERTY = "probability";

    private RoiClassification() {}

    /**
     * Classifies each ROI's bounding box and mask on its own plane (ROIs without a position use the
     * image's current plane); the image's Z/T planes are indexed as {@link ImagePlusImgs#planes}.
     */
    public static List<Classification> classify(ImagePlus imp, List<Roi> rois, ImageClassifier classifier, Progress progress) {
        ImageSegmentation.checkImage(imp);
        List<CropRegion> regions = new ArrayList<>(rois.size());
        for (Roi roi : rois) regions.add(regionOf(imp, roi));
        return classifier.classifyCrops(ImagePlusImgs.planes(imp), regions, progress);
    }

    static CropRegion regionOf(ImagePlus imp, Roi roi) {
        Rectangle bounds = roi.getBounds();
        int plane = planeOf(imp, roi);
        ImageProcessor mask = roi.getMask();
        if (mask == null) return CropRegion.box(plane, bounds.x, bounds.y, bounds.width, bounds.height);
        boolean[] inside = new boolean[bounds.width * bounds.height];
        for (int y = 0; y < bounds.height; y++) {
            for (int x = 0; x < bounds.width; x++) inside[y * bounds.width + x] = mask.get(x, y) != 0;
        }
        return CropRegion.masked(plane, bounds.x, bounds.y, bounds.width, bounds.height, inside);
    }

    /** 0-based (Z, T) plane index: Z fastest, as {@link ImagePlusImgs#planes} counts. */
    private static int planeOf(ImagePlus imp, Roi roi) {
        int z;
        int t;
        if (roi.hasHyperStackPosition()) {
            z = roi.getZPosition();
            t = roi.getTPosition();
        } else if (roi.getPosition() > 0 && roi.getPosition() <= imp.getStackSize()) {
            int[] czt = imp.convertIndexToPosition(roi.getPosition());
            z = czt[1];
            t = czt[2];
        } else {
            z = 0;
            t = 0;
        }
        if (z < 1) z = imp.getZ();
        if (t < 1) t = imp.getT();
        return (t - 1) * imp.getNSlices() + (z - 1);
    }

    /**
     * Writes {@code results} (same order as {@code rois}) onto the ROIs and, unless {@code table}
     * is null, into its rows 0..n-1 (a table made by {@link ResultsTables#fill} with class columns).
     * Classifying again replaces an earlier class suffix instead of adding a second one.
     */
    public static void annotate(List<Roi> rois, List<Classification> results, ResultsTable table) {
        if (rois.size() != results.size()) {
            throw new IllegalArgumentException(rois.size() + " ROIs but " + results.size() + " classifications");
        }
        if (table != null && table.size() != rois.size()) {
            throw new IllegalArgumentException("the table has " + table.size() + " rows for " + rois.size() + " ROIs");
        }
        byte[][] lut = GlasbeyLut.rgb();
        for (int i = 0; i < rois.size(); i++) {
            Roi roi = rois.get(i);
            Classification result = results.get(i);
            roi.setName(baseName(roi, i) + "-" + nameSafe(result.className()));
            roi.setProperty(CLASS_PROPERTY, result.className());
            roi.setProperty(PROBABILITY_PROPERTY, String.format(Locale.ROOT, "%.4f", result.probability()));
            int entry = 1 + result.classIndex() % (lut[0].length - 1);
            roi.setStrokeColor(new Color(lut[0][entry] & 0xff, lut[1][entry] & 0xff, lut[2][entry] & 0xff));
            if (table != null) ResultsTables.setClass(table, i, result.className(), result.probability());
        }
    }

    private static String baseName(Roi roi, int index) {
        String name = roi.getName();
        if (name == null || name.isBlank()) return String.format("%s-%04d", Rois.DEFAULT_PREFIX, index + 1);
        String previous = roi.getProperty(CLASS_PROPERTY);
        String suffix = previous == null ? null : "-" + nameSafe(previous);
        return suffix != null && name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }

    /** Class names become part of ROI names, which become file names in ROI zips: no path separators. */
    public static String nameSafe(String className) {
        return className.replaceAll("[\\\\/:*?\"<>|\\s]+", "_");
    }
}
