package io.github.fijiunet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.segment.SegmentationOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.module.ModuleService;
import org.scijava.command.CommandService;
import org.scijava.thread.ThreadService;

import java.util.HashMap;
import java.util.Map;

/** "Segment Cells (U-Net)..." run the way Fiji runs it: through a real SciJava CommandService. */
class SegmentCellsCommandTest {

    private static Context context;
    private static CommandService commands;

    @BeforeAll
    static void start() {
        // ThreadService: without it ModuleService runs the command inline and returns no Future.
        context = new Context(CommandService.class, ThreadService.class);
        commands = context.service(CommandService.class);
    }

    @AfterAll
    static void stop() {
        context.dispose();
    }

    /**
     * A DynamicCommand is its own Module, so CommandService.run cannot hand it back as a
     * CommandModule (it returns null): run it through the ModuleService, as the UI does.
     */
    private static SegmentCellsCommand run(Map<String, Object> inputs) throws Exception {
        return (SegmentCellsCommand) context.service(ModuleService.class)
                .run(commands.getCommand(SegmentCellsCommand.class), false, inputs).get();
    }

    /** Every input given, so nothing depends on persisted values of earlier runs. */
    private static Map<String, Object> inputs(ImagePlus image) throws Exception {
        Map<String, Object> in = new HashMap<>();
        in.put("input", image);
        in.put("model", SegmentCellsCommand.CUSTOM_FOLDER);
        in.put("model_folder", FijiTestSupport.modelRoot().resolve(FijiTestSupport.MODEL).toFile());
        in.put("normalize", true);
        in.put("percentile_low", 1.0);
        in.put("percentile_high", 99.8);
        in.put("threshold", "otsu");
        in.put("method", "distance_watershed");
        in.put("min_size", 5L);
        in.put("max_size", 0L);
        in.put("fill_holes", true);
        in.put("exclude_border", false);
        in.put("tile_size", 0);
        in.put("device", "CPU");
        in.put("label_image", true);
        in.put("roi_manager", true);
        in.put("clear_roi_manager", true);
        in.put("overlay", true);
        in.put("results", true);
        in.put("probability_map", true);
        return in;
    }

    @Test
    void segmentsRealNucleiImage() throws Exception {
        ImagePlus image = IJ.openImage(FijiTestSupport.NUCLEI.toString());
        SegmentCellsCommand module = run(inputs(image));

        assertFalse(module.isCanceled(), module.getCancelReason());
        int count = (Integer) module.getOutput("object_count");
        assertTrue(count > 0, "objects found: " + count);
        ImagePlus labels = (ImagePlus) module.getOutput("labels");
        assertNotNull(labels);
        assertEquals(image.getWidth(), labels.getWidth());
        assertEquals(image.getHeight(), labels.getHeight());
        assertEquals(1, labels.getStackSize());
        assertEquals(count, (int) labels.getStatistics().max, "labels are 1..N");
        assertNotNull(image.getOverlay());
        assertEquals(count, image.getOverlay().size(), "one outline per object on the input");
        assertEquals(count, ResultsTable.getResultsTable().size(), "system results table filled");
        ImagePlus probabilities = (ImagePlus) module.getOutput("probabilities");
        assertNotNull(probabilities);
        assertEquals(image.getWidth(), probabilities.getWidth());
    }

    @Test
    void outputsCanBeSwitchedOff() throws Exception {
        ImagePlus image = IJ.openImage(FijiTestSupport.NUCLEI.toString());
        Map<String, Object> in = inputs(image);
        in.put("label_image", false);
        in.put("overlay", false);
        in.put("probability_map", false);
        SegmentCellsCommand module = run(in);
        assertFalse(module.isCanceled(), module.getCancelReason());
        assertNull(module.getOutput("labels"));
        assertNull(module.getOutput("probabilities"));
        assertNull(image.getOverlay());
    }

    @Test
    void unknownModelCancelsWithTheCatalogueMessage() throws Exception {
        ImagePlus image = IJ.openImage(FijiTestSupport.NUCLEI.toString());
        Map<String, Object> in = inputs(image);
        in.put("model", "no-such-model");
        SegmentCellsCommand module = run(in);
        assertTrue(module.isCanceled());
        assertTrue(module.getCancelReason().startsWith("No model \"no-such-model\" found"), module.getCancelReason());
    }

    @Test
    void badThresholdCancelsWithTheOptionMessage() throws Exception {
        ImagePlus image = IJ.openImage(FijiTestSupport.NUCLEI.toString());
        Map<String, Object> in = inputs(image);
        in.put("threshold", "1.5");
        SegmentCellsCommand module = run(in);
        assertTrue(module.isCanceled());
        assertTrue(module.getCancelReason().contains("[0, 1]"), module.getCancelReason());
    }

    @Test
    void commandIsRegisteredAsAMacroLabelWithoutAMenu() {
        var info = commands.getCommand(SegmentCellsCommand.class);
        assertNotNull(info, "found through the annotation index");
        assertEquals("Segment Cells (U-Net)...", info.getMenuPath().getMenuString(),
                "a macro label only: the menu entry is the ImageJ 1.x plugin's (MenuRegistrationTest)");
    }

    @Test
    void initializerOffersCatalogueModelsAndEnumLabels() throws Exception {
        String previous = System.getProperty(io.github.fijiunet.model.ModelCatalog.MODELS_PROPERTY);
        System.setProperty(io.github.fijiunet.model.ModelCatalog.MODELS_PROPERTY, FijiTestSupport.modelRoot().toString());
        try {
            org.scijava.module.Module module = context.service(ModuleService.class)
                    .createModule(commands.getCommand(SegmentCellsCommand.class));
            module.initialize();
            var model = module.getInfo().getInput("model");
            assertTrue(model.getChoices().contains(FijiTestSupport.MODEL), String.valueOf(model.getChoices()));
            assertEquals(SegmentCellsCommand.CUSTOM_FOLDER, model.getChoices().get(model.getChoices().size() - 1));
            assertEquals(SegmentationOption.MODEL.label(), model.getLabel());
            assertEquals(InstanceOption.MIN_SIZE.label(), module.getInfo().getInput("min_size").getLabel());
            assertTrue(module.getInfo().getInput("method").getChoices().contains("distance_watershed"));
        } finally {
            if (previous == null) System.clearProperty(io.github.fijiunet.model.ModelCatalog.MODELS_PROPERTY);
            else System.setProperty(io.github.fijiunet.model.ModelCatalog.MODELS_PROPERTY, previous);
        }
    }

    /**
     * A macro or script that names a model but leaves the post-processing out gets that model's
     * own defaults, not those of the model the command was initialised with; what it does set is
     * kept. (Dialogs and macros resolve the inputs they set; init() and the model callback do not.)
     */
    @Test
    void postProcessingLeftOutFollowsTheModelNamedNotTheInitialOne() throws Exception {
        org.scijava.module.Module module = context.service(ModuleService.class).createModule(commands.getCommand(SegmentCellsCommand.class));
        module.initialize();
        String initial = (String) module.getInput("model");
        String named = initial.equals("nuclei-unetpp") ? "nuclei-unet" : "nuclei-unetpp";
        java.util.Map<String, String> initialDefaults = SegmentCellsSettings.modelDefaults(initial);
        java.util.Map<String, String> namedDefaults = SegmentCellsSettings.modelDefaults(named);
        assertTrue(!initialDefaults.get("threshold").equals(namedDefaults.get("threshold")), "the two models' thresholds differ (the test can fail)");
        module.setInput("model", named);
        module.resolveInput("model");
        module.setInput("min_size", 77L);
        module.resolveInput("min_size");
        io.github.fijiunet.post.InstanceOptions resolved = ((SegmentCellsCommand) module).settings().instanceOptions()
                .withModelDefaults(namedDefaults, named);
        assertEquals(Double.parseDouble(namedDefaults.get("threshold")), resolved.threshold().value(), 1e-9, "the named model's threshold");
        assertEquals(77, resolved.minSize(), "what the macro set stays");
    }
}
