package io.github.fijiunet.fiji;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;
import io.github.fijiunet.Progress;
import io.github.fijiunet.TestClassifiers;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.predict.Classification;
import io.github.fijiunet.predict.ClassificationOptions;
import io.github.fijiunet.predict.ImageClassifier;
import io.github.fijiunet.workflow.ResultsTables;
import io.github.fijiunet.workflow.RoiClassification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RoiClassificationTest {

    @TempDir
    static Path dir;

    private static LoadedModel model;

    @BeforeAll
    static void export() throws Exception {
        model = LoadedModel.load(TestClassifiers.exportSideClassifier(dir.resolve("side")), RuntimeOptions.DEFAULT);
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
        RoiClassification.annotate(rois, results, table);
        assertEquals(List.of("cell-0001-left", "cell-0002-right", "cell-0003-top", "cell-0004-bottom"),
                rois.stream().map(Roi::getName).collect(Collectors.toList()));
        assertEquals("right", right.getProperty(RoiClassification.CLASS_PROPERTY));
        assertEquals(results.get(1).probability(), Double.parseDouble(right.getProperty(RoiClassification.PROBABILITY_PROPERTY)), 1e-4);
        assertEquals("bottom", table.getStringValue(ResultsTables.CLASS, 3));
        assertEquals(results.get(3).probability(), table.getValue(ResultsTables.PROBABILITY, 3), 1e-6);
        assertNotEquals(left.getStrokeColor(), right.getStrokeColor());

        // Classifying again replaces the suffix rather than stacking a second one.
        RoiClassification.annotate(rois, results, null);
        assertEquals("cell-0001-left", left.getName());
    }

    @Test
    void classNamesAreMadeSafeForRoiZipEntries() {
        assertEquals("T-shirt_top", RoiClassification.nameSafe("T-shirt/top"));
        assertEquals("Ankle_boot", RoiClassification.nameSafe("Ankle boot"));
    }
}
