package io.github.fijiunet.workflow;

import com.google.gson.JsonElement;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCache;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.predict.Classification;
import io.github.fijiunet.predict.ClassificationOptions;
import io.github.fijiunet.predict.ImageClassifier;
import io.github.fijiunet.tensor.ImagePlusImgs;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneStack;
import io.github.fijiunet.train.Metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * "Classify Image (CNN)" and "Classify ROIs (CNN)" for the Fiji front ends: loads the model and
 * hands the work to {@link ImageClassifier} / {@link RoiClassification}; only the tables and the
 * class-coloured overlay are made here.
 */
public final class Classify {

    private Classify() {}

    /** The model, kept from an earlier run of this session if it was the last one used ({@link ModelCache}). */
    static ModelCache.Lease load(String model, RuntimeOptions runtime, Consumer<String> log) {
        ModelCache.Lease lease = ModelCache.shared().acquire(ModelCatalog.standard().resolve(model), runtime);
        for (String w : lease.model().warnings()) log.accept("fiji-unet: " + w);
        return lease;
    }

    /** One row per Z/T plane: Image, Plane, Class, Probability and a column per class. */
    public static ResultsTable image(ImagePlus imp, String model, RuntimeOptions runtime, ClassificationOptions options,
                                     Progress progress, Consumer<String> log) {
        ImageSegmentation.checkImage(imp);
        try (ModelCache.Lease lease = load(model, runtime, log)) {
            ImageClassifier classifier = new ImageClassifier(lease.model(), options);
            PlaneStack stack = ImagePlusImgs.planes(imp);
            List<PlaneSource> planes = new ArrayList<>(stack.planeCount());
            for (int p = 0; p < stack.planeCount(); p++) planes.add(stack.plane(p));
            List<Classification> results = classifier.classifyAll(planes, progress);
            ResultsTable table = new ResultsTable();
            for (int p = 0; p < results.size(); p++) {
                Classification c = results.get(p);
                table.addRow();
                table.addValue("Image", imp.getTitle());
                table.addValue(ResultsTables.PLANE, p + 1);
                table.addValue(ResultsTables.SLICE, p % imp.getNSlices() + 1);
                table.addValue(ResultsTables.FRAME, p / imp.getNSlices() + 1);
                table.addValue(ResultsTables.CLASS, c.className());
                table.addValue(ResultsTables.PROBABILITY, c.probability());
                List<String> names = classifier.classNames();
                for (int k = 0; k < names.size() && k < c.probabilities().length; k++) table.addValue(ResultsTables.classProbabilityColumn(names.get(k)), c.probabilities()[k]);
            }
            return table;
        }
    }

    /**
     * Classifies {@code rois} in place (properties and groups by class, names kept; see
     * {@link RoiClassification#annotate}) on the image they outline: {@code imp}, or the image it
     * was segmented from when {@code imp} is a fiji-unet label image. Puts them on that image's
     * overlay and returns the table: {@code measurements} with Class and Probability columns added
     * when it has one row per ROI with the ROIs' names as labels (the Results of Segment Cells),
     * else a new table with one row per ROI.
     */
    public static ResultsTable rois(ImagePlus imp, List<Roi> rois, ResultsTable measurements, String model, RuntimeOptions runtime,
                                   ClassificationOptions options, Progress progress, Consumer<String> log) {
        ImageSegmentation.checkImage(imp);
        if (rois.isEmpty()) {
            throw new InvalidInputException("There are no ROIs to classify: add outlines to the ROI Manager first "
                    + "(e.g. with Segment Cells (U-Net) or Analyze Particles).");
        }
        ImagePlus image = LabelImages.sourceOrSelf(imp);
        if (image != imp) log.accept("fiji-unet: classifying on " + image.getTitle() + ", the image " + imp.getTitle() + " was segmented from.");
        else if (LabelImages.isLabelImage(imp)) {
            throw new InvalidInputException(imp.getTitle() + " is a label image and the image it was segmented from is closed. "
                    + "Open that image, select it and classify again: the classifier needs the objects' intensities, not their labels.");
        }
        try (ModelCache.Lease lease = load(model, runtime, log)) {
            LoadedModel loaded = lease.model();
            ImageClassifier classifier = new ImageClassifier(loaded, options);
            List<Classification> results = RoiClassification.classify(image, rois, classifier, progress);
            ResultsTable table = matches(measurements, rois) ? measurements : newTable(measurements, rois.size(), log);
            RoiClassification.annotate(rois, results, classifier.classNames(), table);
            for (int i = 0; i < rois.size(); i++) table.setLabel(rois.get(i).getName(), i); // names given to unnamed ROIs
            for (String w : RoiClassification.suitabilityWarnings(rois, results, loaded.descriptor().name(), classifier.classNames(),
                    classifier.inputSize(), referenceConfidence(loaded.descriptor()))) {
                log.accept("fiji-unet: " + w);
            }
            Overlay overlay = new Overlay();
            for (Roi r : rois) overlay.add(r);
            image.setOverlay(overlay);
            return table;
        }
    }

    /** The median top probability the model's card records for its test data (else validation data); NaN when it has none. */
    static double referenceConfidence(ModelDescriptor descriptor) {
        for (String split : new String[] {"test", "validation"}) {
            JsonElement metrics = descriptor.training().get(split);
            if (metrics != null && metrics.isJsonObject() && metrics.getAsJsonObject().has(Metrics.MEDIAN_CONFIDENCE)) {
                return metrics.getAsJsonObject().get(Metrics.MEDIAN_CONFIDENCE).getAsDouble();
            }
        }
        return Double.NaN;
    }

    /** A table of {@code rows} empty rows for the classes; says so when it leaves {@code other} (rows of other objects) alone. */
    private static ResultsTable newTable(ResultsTable other, int rows, Consumer<String> log) {
        if (other != null && other.size() > 0) {
            log.accept("fiji-unet: the Results table has " + other.size() + " rows that are not the " + rows + " ROIs; the classes go into a new table.");
        }
        ResultsTable table = new ResultsTable();
        for (int i = 0; i < rows; i++) table.addRow();
        return table;
    }

    /** Whether {@code table} has one row per ROI, labelled with the ROIs' names in order. */
    private static boolean matches(ResultsTable table, List<Roi> rois) {
        if (table == null || table.size() != rois.size()) return false;
        for (int i = 0; i < rois.size(); i++) {
            String label = table.getLabel(i);
            if (label == null || !label.equals(rois.get(i).getName())) return false;
        }
        return true;
    }
}
