package io.github.fijiunet.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.workflow.BatchSegmentation;
import io.github.fijiunet.workflow.ResultsTables;
import io.github.fijiunet.workflow.RoiClassification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.thread.ThreadService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Classify, batch, evaluate and train commands through a real SciJava context, with real models and images. */
class OtherCommandsTest {

    /** The trained classifier shipped in models/. */
    private static final Path FASHION = Path.of("models/fashion-cnn").toAbsolutePath();

    private static Context context;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        context = new Context(CommandService.class, ThreadService.class);
    }

    @AfterAll
    static void stop() {
        context.dispose();
    }

    private static Module run(Class<? extends Command> command, Map<String, Object> inputs) throws Exception {
        Module m = context.service(ModuleService.class)
                .run(context.service(CommandService.class).getCommand(command), false, inputs).get();
        org.scijava.Cancelable c = (org.scijava.Cancelable) m.getDelegateObject();
        assertFalse(c.isCanceled(), c.getCancelReason());
        return m;
    }

    @Test
    void classifyImageNamesOneOfTheModelsClasses() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(FASHION), "models/fashion-cnn is not in this checkout");
        ImagePlus image = IJ.openImage(FijiTestSupport.NUCLEI.toString());
        Module m = run(ClassifyImageCommand.class, Map.of("input", image, "model", FASHION.toString(), "device", "CPU"));
        List<String> classes = ModelDescriptor.read(FASHION).classes();
        assertTrue(classes.contains((String) m.getOutput("class_name")), String.valueOf(m.getOutput("class_name")));
        double p = (Double) m.getOutput("probability");
        assertTrue(p > 0 && p <= 1, "probability " + p);
        assertEquals(1, ResultsTable.getResultsTable().size());
    }

    @Test
    void classifyRoisAnnotatesEveryRoi() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(FASHION), "models/fashion-cnn is not in this checkout");
        ImagePlus image = IJ.openImage(FijiTestSupport.NUCLEI.toString());
        Roi[] rois = {new Roi(10, 10, 40, 40), new Roi(100, 120, 30, 50), new ij.gui.OvalRoi(150, 30, 60, 40)};
        Map<String, Object> in = new HashMap<>();
        in.put("input", image);
        in.put("model", FASHION.toString());
        in.put("margin", 2);
        in.put("square_crops", true);
        in.put("device", "CPU");
        in.put("rois", rois);
        Module m = run(ClassifyRoisCommand.class, in);
        assertEquals(3, m.getOutput("classified"));
        List<String> classes = ModelDescriptor.read(FASHION).classes();
        ResultsTable table = ResultsTable.getResultsTable();
        assertEquals(3, table.size());
        for (int i = 0; i < rois.length; i++) {
            String cls = rois[i].getProperty(RoiClassification.CLASS_PROPERTY);
            assertTrue(classes.contains(cls), cls);
            assertEquals(cls, table.getStringValue(ResultsTables.CLASS, i));
            assertEquals(String.format("cell-%04d", i + 1), rois[i].getName(), "unnamed ROIs are numbered, as the table's labels");
        }
        assertEquals(3, image.getOverlay().size(), "class-coloured outlines on the image");
    }

    @Test
    void batchSegmentsAFolder() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(FijiTestSupport.NUCLEI, in.resolve("nuclei.tif"));
        Files.writeString(in.resolve("broken.tif"), "not an image");
        Path out = dir.resolve("out");
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("input_dir", in.toFile());
        inputs.put("output_dir", out.toFile());
        inputs.put("model", FijiTestSupport.modelRoot().resolve(FijiTestSupport.MODEL).toString());
        inputs.put("threshold", "otsu");
        inputs.put("method", "distance_watershed");
        inputs.put("min_size", 5L);
        inputs.put("max_size", 0L);
        inputs.put("tile_size", 0);
        inputs.put("device", "CPU");
        inputs.put("overwrite", false);
        Module m = run(BatchSegmentCommand.class, inputs);
        assertEquals(1, m.getOutput("processed"));
        assertEquals(1, m.getOutput("skipped"));
        assertTrue(Files.isRegularFile(out.resolve(BatchSegmentation.SUMMARY_FILE)));
        try (var files = Files.list(out)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("nuclei") && f.toString().endsWith(".tif")));
        }
    }

    @Test
    void evaluateGroundTruthAgainstItselfIsPerfect() throws Exception {
        Path truth = Files.createDirectories(dir.resolve("truth"));
        Path pred = Files.createDirectories(dir.resolve("pred"));
        Files.copy(FijiTestSupport.NUCLEI_MASK, truth.resolve("a.tif"));
        Files.copy(FijiTestSupport.NUCLEI_MASK, pred.resolve("a.tif"));
        Map<String, Object> in = new HashMap<>();
        in.put("prediction_dir", pred.toFile());
        in.put("truth_dir", truth.toFile());
        in.put("csv", dir.resolve("eval.csv").toFile());
        Module m = run(EvaluateSegmentationCommand.class, in);
        assertEquals(1.0, (Double) m.getOutput("mean_ap"), 1e-9);
        assertTrue(Files.isRegularFile(dir.resolve("eval.csv")));
        ResultsTable table = (ResultsTable) m.getOutput("table");
        assertEquals(2, table.size(), "one image plus the pooled row");
        assertEquals(27, table.getValue("truth_objects", 0), 0);
    }

    @Test
    void evaluateRefusesAnExistingCsvBeforeEvaluating() throws Exception {
        Path csv = Files.writeString(dir.resolve("scores.csv"), "earlier scores");
        Map<String, Object> in = new HashMap<>();
        // Folders that do not exist: the CSV is checked first, so its message is the one reported.
        in.put("prediction_dir", dir.resolve("no-pred").toFile());
        in.put("truth_dir", dir.resolve("no-truth").toFile());
        in.put("csv", csv.toFile());
        Module m = context.service(ModuleService.class)
                .run(context.service(CommandService.class).getCommand(EvaluateSegmentationCommand.class), false, in).get();
        String reason = ((org.scijava.Cancelable) m.getDelegateObject()).getCancelReason();
        assertTrue(reason != null && reason.contains("already holds results of an earlier run") && reason.contains(csv.toString()), reason);
        assertEquals("earlier scores", Files.readString(csv));
    }

    /** Train Model: the dialog's training options reach the run (its model card says what ran). */
    @Test
    void trainModelRunsWithTheDialogsTrainingOptions() throws Exception {
        Path nuclei = Path.of("test-images", "nuclei");
        Map<String, Object> in = new HashMap<>();
        in.put("architecture", "unet");
        in.put("data_source", TrainModelCommand.FOLDERS);
        in.put("images", nuclei.resolve("images").toFile());
        in.put("masks", nuclei.resolve("masks").toFile());
        in.put("task", "instance");
        in.put("output", dir.resolve("tiny").toFile());
        in.put("overwrite", false);
        in.put("depth", 2);
        in.put("filters", 4);
        in.put("epochs", 1);
        in.put("steps_per_epoch", 2);
        in.put("batch", 2);
        in.put("patch", 32);
        in.put("val_fraction", 0.3);
        in.put("seed", 42L);
        in.put("precision", "float32");
        in.put("augment", "strong_elastic");
        in.put("lr", 0.005);
        in.put("patience", 4);
        in.put("boundary_weight", 2.0);
        run(TrainModelCommand.class, in);
        Path card = dir.resolve("tiny").resolve("MODEL_CARD.md");
        assertTrue(Files.isRegularFile(card), "a model was written into " + dir);
        String text = Files.readString(card);
        assertTrue(text.contains("learning rate 0.005"), text);
        assertTrue(text.contains("early-stopping patience 4 epochs"), text);
        assertTrue(text.contains("boundary pixels weighted 2.0"), text);
        assertTrue(text.contains("elastic deformation"), text);
    }
}
