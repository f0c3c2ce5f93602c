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
 * Classifies the objects outlined by ImageJ ROIs and writes the answers back onto them: the
 * properties {@value #CLASS_PROPERTY} and {@value #PROBABILITY_PROPERTY}, the ROI group (named and
 * coloured per class), and a results table's Class and Probability columns (one row per ROI, same
 * order). ROI names stay as they were.
 */
public final class RoiClassification {

    public static final String CLASS_PROPERTY = "class";
    public static final String PROBABILITY_PROPERTY = "probability";

    /** ImageJ's ROI groups run from 1 to 255. */
    static final int MAX_GROUP = 255;

    /** Below this median top probability the classifier is mostly guessing (10 classes: 0.1 is chance). */
    static final double UNSURE_MEDIAN = 0.5;

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
     * is null, into its rows 0..n-1 (Class and Probability columns are added to what is there).
     * Names are kept, so ROI Manager entries still match their measurement rows; the class goes
     * into the ROI's properties, its ImageJ group (named after the class; the ROI Manager can sort
     * and filter by it) and its outline colour (one per class). Unnamed ROIs get {@code cell-0001}...
     */
    public static void annotate(List<Roi> rois, List<Classification> results, List<String> classNames, ResultsTable table) {
        if (rois.size() != results.size()) {
            throw new IllegalArgumentException(rois.size() + " ROIs but " + results.size() + " classifications");
        }
        if (table != null && table.size() != rois.size()) {
            throw new IllegalArgumentException("the table has " + table.size() + " rows for " + rois.size() + " ROIs");
        }
        for (int c = 0; c < classNames.size() && c < MAX_GROUP; c++) Roi.setGroupName(c + 1, classNames.get(c));
        byte[][] lut = GlasbeyLut.rgb();
        for (int i = 0; i < rois.size(); i++) {
            Roi roi = rois.get(i);
            Classification result = results.get(i);
            if (roi.getName() == null || roi.getName().isBlank()) roi.setName(String.format("%s-%04d", Rois.DEFAULT_PREFIX, i + 1));
            roi.setProperty(CLASS_PROPERTY, result.className());
            roi.setProperty(PROBABILITY_PROPERTY, String.format(Locale.ROOT, "%.4f", result.probability()));
            roi.setGroup(1 + result.classIndex() % MAX_GROUP);
            int entry = 1 + result.classIndex() % (lut[0].length - 1); // the label images' colours, distinct per class
            roi.setStrokeColor(new Color(lut[0][entry] & 0xff, lut[1][entry] & 0xff, lut[2][entry] & 0xff));
            if (table != null) ResultsTables.setClass(table, i, result.className(), result.probability());
        }
    }

    /** How far below its confidence on its own test (or validation) data a median may fall before the user is warned. */
    static final double CONFIDENCE_DROP = 0.15;

    /**
     * What to tell the user when the model does not suit these objects: it is much less sure of
     * them than of its own test data ({@code referenceConfidence}, the median top probability the
     * model card records; NaN when unknown), or unsure of most of them (median below
     * {@value #UNSURE_MEDIAN}); or the objects are much smaller or larger than the network's
     * input, so each crop is blown up or shrunk a lot.
     */
    public static List<String> suitabilityWarnings(List<Roi> rois, List<Classification> results, String modelName,
                                                   List<String> classNames, int[] inputSize, double referenceConfidence) {
        List<String> warnings = new ArrayList<>();
        if (results.isEmpty()) return warnings;
        double median = Classification.medianProbability(results);
        boolean dropped = !Double.isNaN(referenceConfidence) && median < referenceConfidence - CONFIDENCE_DROP;
        if (dropped || median < UNSURE_MEDIAN) {
            String doubt = median < UNSURE_MEDIAN
                    ? String.format(Locale.ROOT, "is unsure of most objects (median probability %.2f over %d ROIs)", median, results.size())
                    : String.format(Locale.ROOT, "is much less sure of these objects than of its own test images (median probability "
                            + "%.2f over %d ROIs, %.2f on its test images)", median, results.size(), referenceConfidence);
            warnings.add(modelName + " " + doubt + ": these objects may not be what it was trained on (its classes: "
                    + String.join(", ", classNames) + "). Train an object classifier on examples of your own classes, "
                    + "or check that the image is the one the ROIs came from.");
        }
        int[] sides = rois.stream().mapToInt(r -> Math.max(r.getBounds().width, r.getBounds().height)).sorted().toArray();
        int side = sides[sides.length / 2];
        int input = Math.max(inputSize[0], inputSize[1]);
        if (side * 4 < input || side > input * 8) {
            warnings.add(String.format(Locale.ROOT, "The objects are about %d px across and %s crops are resized to %d px: %s. "
                    + "Classify at a scale closer to the model's (Image > Scale...) or train on objects like these.", side, modelName, input,
                    side * 4 < input ? "each is enlarged more than 4x, so the network sees mostly blur" : "each is shrunk more than 8x, so its detail is lost"));
        }
        return warnings;
    }
}
