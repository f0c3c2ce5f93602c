package io.github.fijiunet.workflow;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.predict.Classification;
import io.github.fijiunet.predict.ClassificationOptions;
import io.github.fijiunet.predict.ImageClassifier;
import io.github.fijiunet.tensor.ImagePlusImgs;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneStack;

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

    static LoadedModel load(String model, RuntimeOptions runtime, Consumer<String> log) {
        LoadedModel loaded = LoadedModel.load(ModelCatalog.standard().resolve(model), runtime);
        for (String w : loaded.warnings()) log.accept("fiji-unet: " + w);
        return loaded;
    }

    /** One row per Z/T plane: Image, Plane, Class, Probability and a column per class. */
    public static ResultsTable image(ImagePlus imp, String model, RuntimeOptions runtime, ClassificationOptions options,
                                     Progress progress, Consumer<String> log) {
        ImageSegmentation.checkImage(imp);
        try (LoadedModel loaded = load(model, runtime, log)) {
            ImageClassifier classifier = new ImageClassifier(loaded, options);
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
                table.addValue(ResultsTables.CLASS, c.className());
                table.addValue(ResultsTables.PROBABILITY, c.probability());
                List<String> names = classifier.classNames();
                for (int k = 0; k < names.size() && k < c.probabilities().length; k++) table.addValue("p(" + names.get(k) + ")", c.probabilities()[k]);
            }
            return table;
        }
    }

    /**
     * Classifies {@code rois} in place (names, properties, stroke colours by class, see
     * {@link RoiClassification#annotate}), puts them on the image's overlay and returns the table
     * (one row per ROI, in order).
     */
    public static ResultsTable rois(ImagePlus imp, List<Roi> rois, String model, RuntimeOptions runtime, ClassificationOptions options,
                                   Progress progress, Consumer<String> log) {
        ImageSegmentation.checkImage(imp);
        if (rois.isEmpty()) {
            throw new InvalidInputException("There are no ROIs to classify: add outlines to the ROI Manager first "
                    + "(e.g. with Segment Cells (U-Net) or Analyze Particles).");
        }
        try (LoadedModel loaded = load(model, runtime, log)) {
            ImageClassifier classifier = new ImageClassifier(loaded, options);
            List<Classification> results = RoiClassification.classify(imp, rois, classifier, progress);
            ResultsTable table = new ResultsTable();
            for (int i = 0; i < rois.size(); i++) {
                table.addRow();
                String name = rois.get(i).getName();
                table.addLabel(name == null ? String.format("%s-%04d", Rois.DEFAULT_PREFIX, i + 1) : name);
            }
            RoiClassification.annotate(rois, results, table);
            for (int i = 0; i < rois.size(); i++) table.setLabel(rois.get(i).getName(), i);
            Overlay overlay = new Overlay();
            for (Roi r : rois) overlay.add(r);
            imp.setOverlay(overlay);
            return table;
        }
    }
}
