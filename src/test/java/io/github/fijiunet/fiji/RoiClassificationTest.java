package io.github.fijiunet.fiji;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.macro.Interpreter;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.TestClassifiers;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.predict.Classification;
import io.github.fijiunet.predict.ClassificationOptions;
import io.github.fijiunet.predict.ImageClassifier;
import io.github.fijiunet.workflow.Classify;
import io.github.fijiunet.workflow.LabelImages;
import io.github.fijiunet.workflow.ResultsTables;
import io.github.fijiunet.workflow.RoiClassification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoiClassificationTest {

    @TempDir
    static Path dir;

    private static Path modelDir;
    private static LoadedModel model;

    @BeforeAll
    static void export() throws Exception {
        modelDir = TestClassifiers.exportSideClassifier(dir.resolve("side"));
        model = LoadedModel.load(modelDir, RuntimeOptions.DEFAULT);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** 32×16 plane: a 16×16 cell with a bar on {@code leftCell}'s side, then one with {@code rightCell}'s. */
    private static ByteProcessor plane(String leftCell, String rightCell) {
        ByteProcessor ip = new ByteProcessor(32, 16);
        ip.setValue(10);
        ip.fill();
        ip.setValue(200);
        for (int cell = 0; cell < 2; cell++) {
            String side = cell == 0 ? leftCell : rightCell;
            int x0 = cell * 16;
            switch (side) {
                case "left": ip.setRoi(x0, 0, 5, 16); break;
                case "right": ip.setRoi(x0 + 11, 0, 5, 16); break;
                case "top": ip.setRoi(x0, 0, 16, 5); break;
                default: ip.setRoi(x0, 11, 16, 5);
            }
            ip.fill();
        }
        ip.resetRoi();
        return ip;
    }

    @Test
    void roisOnTheirOwnPlanesAreClassifiedAndAnnotated() {
        ImageStack stack = new ImageStack(32, 16);
        stack.addSlice(plane("left", "right"));
        stack.addSlice(plane("top", "bottom"));
        ImagePlus imp = new ImagePlus("two planes", stack);

        Roi left = new Roi(0, 0, 16, 16);
        left.setName("cell-0001");
        left.setPosition(1);
        Roi right = new Roi(16, 0, 16, 16);
        right.setName("cell-0002");                  // no position: the image's current plane (1)
        Roi top = new Roi(0, 0, 16, 16);
        top.setPosition(0, 2, 1);
        Roi bottom = new OvalRoi(15, -1, 18, 18);    // masked, reaching past the edges
        bottom.setName("cell-0004");
        bottom.setPosition(0, 2, 1);
        List<Roi> rois = List.of(left, right, top, bottom);

        ImageClassifier classifier = new ImageClassifier(model, ClassificationOptions.defaults());
        List<Classification> results = RoiClassification.classify(imp, rois, classifier, Progress.NONE);
        assertEquals(List.of("left", "right", "top", "bottom"),
                results.stream().map(Classification::className).collect(Collectors.toList()));

        ResultsTable table = new ResultsTable();
        for (int i = 0; i < rois.size(); i++) table.incrementCounter();
        RoiClassification.annotate(rois, results, classifier.classNames(), table);
        assertEquals(List.of("cell-0001", "cell-0002", "cell-0003", "cell-0004"),
                rois.stream().map(Roi::getName).collect(Collectors.toList()), "names kept; the unnamed one gets its number");
        assertEquals("right", right.getProperty(RoiClassification.CLASS_PROPERTY));
        assertEquals(results.get(1).probability(), Double.parseDouble(right.getProperty(RoiClassification.PROBABILITY_PROPERTY)), 1e-4);
        assertEquals("bottom", table.getStringValue(ResultsTables.CLASS, 3));
        assertEquals(results.get(3).probability(), table.getValue(ResultsTables.PROBABILITY, 3), 1e-6);
        for (int i = 0; i < rois.size(); i++) {
            assertEquals(results.get(i).classIndex() + 1, rois.get(i).getGroup(), "one ROI group per class");
            assertEquals(results.get(i).className(), Roi.getGroupName(rois.get(i).getGroup()), "the group is named after its class");
        }
        assertNotEquals(left.getStrokeColor(), right.getStrokeColor());
    }

    /** Segment Cells' situation: the label image is current, the Results hold one measured row per ROI. */
    @Test
    void aLabelImageIsClassifiedOnItsSourceAndTheMeasurementsAreKept() {
        ImagePlus source = new ImagePlus("cells", plane("left", "right"));
        ShortProcessor labelPlane = new ShortProcessor(32, 16);
        labelPlane.setValue(1);
        labelPlane.setRoi(0, 0, 16, 16);
        labelPlane.fill();
        labelPlane.setValue(2);
        labelPlane.setRoi(16, 0, 16, 16);
        labelPlane.fill();
        ImagePlus labels = new ImagePlus("cells_labels", labelPlane);
        labels.setProperty(LabelImages.SOURCE_ID_PROPERTY, source.getID());
        List<Roi> rois = List.of(named(new Roi(0, 0, 16, 16), "cell-0001"), named(new Roi(16, 0, 16, 16), "cell-0002"));
        ResultsTable measurements = new ResultsTable();
        for (Roi r : rois) {
            measurements.incrementCounter();
            measurements.addLabel(r.getName());
            measurements.addValue("Area", 256);
        }
        List<String> log = new ArrayList<>();
        Interpreter.batchMode = true; // the source is open, as in a batch-mode macro
        Interpreter.addBatchModeImage(source);
        try {
            ResultsTable table = Classify.rois(labels, rois, measurements, modelDir.toString(), RuntimeOptions.DEFAULT,
                    ClassificationOptions.defaults(), Progress.NONE, log::add);
            assertSame(measurements, table, "Class and Probability added to the measurements");
            assertEquals(256, table.getValue("Area", 1));
            assertEquals(List.of("left", "right"), List.of(table.getStringValue(ResultsTables.CLASS, 0), table.getStringValue(ResultsTables.CLASS, 1)),
                    "classified on the intensity image (the labels 1 and 2 have no bars)");
            assertEquals("cell-0001", rois.get(0).getName());
            assertEquals(2, source.getOverlay().size(), "outlines on the source image");
            assertTrue(log.stream().anyMatch(l -> l.contains("classifying on cells, the image cells_labels was segmented from")), log.toString());
        } finally {
            Interpreter.removeBatchModeImage(source);
            Interpreter.batchMode = false;
        }
        InvalidInputException closed = assertThrows(InvalidInputException.class, () -> Classify.rois(labels, rois, measurements,
                modelDir.toString(), RuntimeOptions.DEFAULT, ClassificationOptions.defaults(), Progress.NONE, log::add));
        assertTrue(closed.getMessage().startsWith("cells_labels is a label image and the image it was segmented from is closed"), closed.getMessage());
    }

    @Test
    void resultsOfOtherObjectsAreLeftAloneAndANewTableIsMade() {
        ImagePlus image = new ImagePlus("cells", plane("left", "right"));
        List<Roi> rois = List.of(new Roi(0, 0, 16, 16), new Roi(16, 0, 16, 16));
        ResultsTable other = new ResultsTable();
        for (int i = 0; i < 5; i++) other.incrementCounter();
        List<String> log = new ArrayList<>();
        ResultsTable table = Classify.rois(image, rois, other, modelDir.toString(), RuntimeOptions.DEFAULT,
                ClassificationOptions.defaults(), Progress.NONE, log::add);
        assertNotSame(other, table);
        assertEquals(5, other.size());
        assertEquals(2, table.size());
        assertEquals("cell-0002", table.getLabel(1));
        assertTrue(log.stream().anyMatch(l -> l.contains("the Results table has 5 rows that are not the 2 ROIs")), log.toString());
    }

    @Test
    void unsureAnswersAndMisfitSizesAreWarnedAbout() {
        List<String> classes = List.of("a", "b", "c");
        List<Roi> fit = List.of(new Roi(0, 0, 30, 30), new Roi(0, 0, 25, 28), new Roi(0, 0, 40, 20));
        List<Classification> sure = List.of(answer(0.9f), answer(0.8f), answer(0.95f));
        List<Classification> unsure = List.of(answer(0.3f), answer(0.9f), answer(0.35f));
        int[] input = {28, 28};
        assertEquals(List.of(), RoiClassification.suitabilityWarnings(fit, sure, "m", classes, input, Double.NaN));
        List<String> w = RoiClassification.suitabilityWarnings(fit, unsure, "m", classes, input, Double.NaN);
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("m is unsure of most objects (median probability 0.35 over 3 ROIs)") && w.get(0).contains("a, b, c"), w.get(0));
        List<Roi> tiny = List.of(new Roi(0, 0, 5, 5), new Roi(0, 0, 6, 4), new Roi(0, 0, 4, 4));
        w = RoiClassification.suitabilityWarnings(tiny, sure, "m", classes, input, Double.NaN);
        assertTrue(w.size() == 1 && w.get(0).startsWith("The objects are about 5 px across") && w.get(0).contains("enlarged"), w.toString());
        List<Roi> huge = List.of(new Roi(0, 0, 300, 300), new Roi(0, 0, 260, 250), new Roi(0, 0, 400, 90));
        w = RoiClassification.suitabilityWarnings(huge, sure, "m", classes, input, Double.NaN);
        assertTrue(w.size() == 1 && w.get(0).contains("shrunk more than 8x"), w.toString());
        // Confident, but far less than on its own test images: the clothing classifier on nuclei.
        List<Classification> lessSure = List.of(answer(0.7f), answer(0.66f), answer(0.6f));
        assertEquals(List.of(), RoiClassification.suitabilityWarnings(fit, lessSure, "m", classes, input, Double.NaN));
        w = RoiClassification.suitabilityWarnings(fit, lessSure, "m", classes, input, 0.99);
        assertTrue(w.size() == 1 && w.get(0).startsWith("m is much less sure of these objects than of its own test images (median probability 0.66 over 3 ROIs, 0.99 on"), w.toString());
    }

    private static Classification answer(float top) {
        return new Classification(0, "a", new float[] {top, (1 - top) / 2, (1 - top) / 2});
    }

    private static Roi named(Roi roi, String name) {
        roi.setName(name);
        return roi;
    }
}
