package io.github.fijiunet.fiji;

import ij.IJ;
import ij.ImagePlus;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.workflow.BatchSegmentation;
import io.github.fijiunet.workflow.RoiClassification;
import io.github.fijiunet.workflow.SegmentationOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Plain ImageJ 1.x (ij.jar from Maven Central) as a separate process with the plugin jar in its
 * plugins folder, driven by macros: {@code run(...)} of every menu label (plugins.config) in a
 * batch-mode macro under Xvfb, and {@code call("io.github.fijiunet.fiji.Macros.segment", ...)}
 * fully headless.
 */
class MacroSubprocessTest {

    private static final long TIMEOUT_S = 240;
    /** The trained classifier shipped in models/. */
    private static final Path FASHION = Path.of("models/fashion-cnn").toAbsolutePath();

    @TempDir
    Path dir;

    private List<String> imagej(boolean headless, Path macro) throws Exception {
        return imagej(headless, macro, null);
    }

    /** With {@code userModels}, the user's models folder is set the user's way, by {@value ModelCatalog#MODELS_ENV}. */
    private List<String> imagej(boolean headless, Path macro, Path userModels) throws Exception {
        Path plugins = FijiTestSupport.pluginsDir(dir.resolve("ImageJ"));
        List<String> cmd = new ArrayList<>();
        if (userModels != null) cmd.addAll(List.of("env", ModelCatalog.MODELS_ENV + "=" + userModels));
        if (!headless) cmd.addAll(List.of("xvfb-run", "-a", "-s", "-screen 0 1024x768x24"));
        cmd.add(FijiTestSupport.java());
        cmd.add("-Xmx2g");
        if (headless) cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dplugins.dir=" + plugins);
        if (userModels == null) cmd.add("-D" + ModelCatalog.MODELS_PROPERTY + "=" + FijiTestSupport.modelRoot());
        cmd.add("-cp");
        cmd.add(FijiTestSupport.dependencyClassPath(false));
        cmd.add("ij.ImageJ");
        cmd.add("-batch");
        cmd.add(macro.toString());
        return cmd;
    }

    @Test
    void runFromBatchMacroFillsTheMacrosRoiManagerResultsAndImageList() throws Exception {
        assumeTrue(FijiTestSupport.hasXvfb(), "xvfb-run is not installed (apt-get install xvfb xauth): "
                + "plain ImageJ needs a display for run(...); .ci/run installs it");
        Path labels = dir.resolve("labels.tif");
        Path batchIn = Files.createDirectories(dir.resolve("batch-in"));
        Files.copy(FijiTestSupport.NUCLEI, batchIn.resolve("nuclei.tif"));
        Path batchOut = dir.resolve("batch-out");
        Path truthDir = Files.createDirectories(dir.resolve("truth"));
        Files.copy(FijiTestSupport.NUCLEI_MASK, truthDir.resolve("nuclei.tif"));
        Path macro = dir.resolve("segment.ijm");
        Files.writeString(macro, String.join("\n",
                "open(\"" + FijiTestSupport.NUCLEI + "\");",
                "input = getTitle();",
                "run(\"Segment Cells (U-Net)\", \"model=" + FijiTestSupport.MODEL
                        + " threshold=otsu method=distance_watershed min_size=5 seed_threshold=0.4\");",
                "print(\"ROIS=\" + roiManager(\"count\"));",
                "print(\"RESULTS=\" + nResults);",
                "print(\"TITLE=\" + getTitle());",
                "print(\"IMAGES=\" + nImages);",
                "saveAs(\"Tiff\", \"" + labels + "\");",
                "selectImage(input);",
                "print(\"OVERLAY=\" + Overlay.size);",
                "n = call(\"io.github.fijiunet.fiji.Macros.segment\", \"model=" + FijiTestSupport.MODEL
                        + " threshold=otsu method=distance_watershed min_size=5 seed_threshold=0.4 overlay=false\");",
                "print(\"CALL=\" + n);",
                "print(\"CALL_ROIS=\" + roiManager(\"count\"));",
                "run(\"Batch Segment Folder\", \"input_dir=[" + batchIn + "] output_dir=[" + batchOut + "] model="
                        + FijiTestSupport.MODEL + " threshold=otsu min_size=5\");",
                "selectImage(input);",
                "run(\"Classify ROIs (CNN)\", \"model=[" + FASHION + "] margin=2\");",
                "print(\"CLASSIFIED=\" + nResults);",
                "areas = 0; for (i = 0; i < nResults; i++) if (getResult(\"Area\", i) > 0) areas++;",
                "print(\"CLASSIFIED_AREA=\" + areas);",
                "print(\"CLASS0=\" + getResultString(\"Class\", 0));",
                "roiManager(\"select\", 0);",
                "print(\"ROI0=\" + Roi.getName);",
                "print(\"ROI0_CLASS=\" + Roi.getProperty(\"class\"));",
                "run(\"Classify Image (CNN)\", \"model=[" + FASHION + "]\");",
                "print(\"IMAGE_CLASS=\" + getResultString(\"Class\", 0));",
                "run(\"Evaluate Segmentation\", \"prediction_dir=[" + truthDir + "] truth_dir=[" + truthDir + "]\");",
                "print(\"EVAL_ROWS=\" + nResults);",
                "print(\"EVAL_MAP=\" + getResult(\"mean_ap\", nResults - 1));",
                "print(\"DONE=1\");",
                ""));
        FijiTestSupport.Run run = FijiTestSupport.run(imagej(false, macro), dir, TIMEOUT_S);
        System.out.printf("ImageJ -batch under Xvfb: %.1f s%n", run.seconds);
        assertEquals(0, run.exitCode, run.output);

        assertEquals("1", FijiTestSupport.printed(run.output, "DONE"), run.output);
        int rois = Integer.parseInt(FijiTestSupport.printed(run.output, "ROIS"));
        assertTrue(rois > 0, run.output);
        assertEquals(rois, Integer.parseInt(FijiTestSupport.printed(run.output, "RESULTS")), "one results row per ROI");
        assertEquals(rois, Integer.parseInt(FijiTestSupport.printed(run.output, "OVERLAY")), "outlines on the input");
        assertEquals("00071198d059ba7f_labels", FijiTestSupport.printed(run.output, "TITLE"), "label image is the current image");
        assertEquals("2", FijiTestSupport.printed(run.output, "IMAGES"), "input and label image in the batch-mode list");
        assertEquals(String.valueOf(rois), FijiTestSupport.printed(run.output, "CALL"), "call() on the current image: same result");
        assertEquals(String.valueOf(rois), FijiTestSupport.printed(run.output, "CALL_ROIS"), "ROI Manager cleared first, then refilled");
        assertTrue(Files.isRegularFile(batchOut.resolve(BatchSegmentation.SUMMARY_FILE)), "batch from a macro wrote its summary");
        assertEquals(String.valueOf(rois), FijiTestSupport.printed(run.output, "CLASSIFIED"), "one class per ROI");
        String cls = FijiTestSupport.printed(run.output, "CLASS0");
        assertTrue(io.github.fijiunet.model.ModelDescriptor.read(FASHION).classes().contains(cls), run.output);
        assertEquals("cell-0001", FijiTestSupport.printed(run.output, "ROI0"), "ROI names kept");
        assertEquals(cls, FijiTestSupport.printed(run.output, "ROI0_CLASS"), "the class is the ROI's property");
        assertEquals(String.valueOf(rois), FijiTestSupport.printed(run.output, "CLASSIFIED_AREA"), "Segment Cells' measurements kept beside the classes");
        assertTrue(io.github.fijiunet.model.ModelDescriptor.read(FASHION).classes().contains(
                FijiTestSupport.printed(run.output, "IMAGE_CLASS")), "Classify Image (CNN) reached\n" + run.output);
        assertEquals("2", FijiTestSupport.printed(run.output, "EVAL_ROWS"), "one image row and the pooled row");
        assertEquals("1", FijiTestSupport.printed(run.output, "EVAL_MAP"), "ground truth against itself");
        ImagePlus saved = IJ.openImage(labels.toString());
        assertEquals(256, saved.getWidth());
        assertEquals(256, saved.getHeight());
        assertEquals(16, saved.getBitDepth());
        assertEquals(rois, (int) saved.getStatistics().max, "labels 1..N, one per ROI");
    }

    /** Headless plain ImageJ cannot even open() an image in a macro (HeadlessException), hence image=. */
    @Test
    void callRouteWorksWithoutADisplay() throws Exception {
        Path out = dir.resolve("out");
        Path macro = dir.resolve("call.ijm");
        Files.writeString(macro, String.join("\n",
                "n = call(\"io.github.fijiunet.fiji.Macros.segment\", \"image=[" + FijiTestSupport.NUCLEI + "] model="
                        + FijiTestSupport.MODEL + " threshold=otsu min_size=5 output=[" + out + "]\");",
                "print(\"COUNT=\" + n);",
                "print(\"RESULTS=\" + nResults);",
                "e = call(\"io.github.fijiunet.fiji.Macros.segment\", \"image=[" + FijiTestSupport.NUCLEI + "] model=no-such-model\");",
                "print(\"ERROR=\" + e);",
                ""));
        FijiTestSupport.Run run = FijiTestSupport.run(imagej(true, macro), dir, TIMEOUT_S);
        System.out.printf("ImageJ -batch headless: %.1f s%n", run.seconds);
        assertEquals(0, run.exitCode, run.output);

        String count = FijiTestSupport.printed(run.output, "COUNT");
        assertTrue(count != null && count.matches("\\d+") && Integer.parseInt(count) > 0, run.output);
        assertEquals(count, FijiTestSupport.printed(run.output, "RESULTS"), "results table filled headless too");
        assertTrue(FijiTestSupport.printed(run.output, "ERROR").startsWith("error: No model \"no-such-model\" found"), run.output);
        for (Path f : SegmentationOutput.filesFor(out, "00071198d059ba7f")) assertTrue(Files.isRegularFile(f), f.toString());
        ImagePlus saved = IJ.openImage(out.resolve("00071198d059ba7f_labels.tif").toString());
        assertEquals(Integer.parseInt(count), (int) saved.getStatistics().max);
    }

    @Test
    void aWrongOptionAbortsTheMacroWithOneClearLine() throws Exception {
        assumeTrue(FijiTestSupport.hasXvfb(), "xvfb-run is not installed (apt-get install xvfb xauth)");
        Path macro = dir.resolve("wrong.ijm");
        Files.writeString(macro, String.join("\n",
                "open(\"" + FijiTestSupport.NUCLEI + "\");",
                "run(\"Segment Cells (U-Net)\", \"model=" + FijiTestSupport.MODEL + " treshold=0.5\");",
                "print(\"AFTER=1\");",
                ""));
        FijiTestSupport.Run run = FijiTestSupport.run(imagej(false, macro), dir, TIMEOUT_S);
        assertTrue(run.output.contains("Unknown option 'treshold' for Segment Cells (U-Net). Known options: model,"), run.output);
        assertEquals(null, FijiTestSupport.printed(run.output, "AFTER"), "the macro stops at the failing command");
        assertEquals(UserMessages.BATCH_ERROR_EXIT, run.exitCode, "ImageJ -batch exits non-zero after a failed command\n" + run.output);
        assertFalse(run.output.contains("\tat io.github"), "no stack trace for a user error");
    }

    /**
     * Train Object Classifier... from a macro: examples put into one ROI group per class, then Classify
     * ROIs with the new model, trained under a bare name into the user's models folder and found there by it.
     */
    @Test
    void trainObjectClassifierFromAMacroThenClassifyWithIt() throws Exception {
        assumeTrue(FijiTestSupport.hasXvfb(), "xvfb-run is not installed (apt-get install xvfb xauth)");
        Path userModels = dir.resolve("my-models");
        Path model = userModels.resolve("focus-classifier");
        Path macro = dir.resolve("train-objects.ijm");
        Files.writeString(macro, String.join("\n",
                "open(\"" + Path.of("test-images/nuclei/images/20b20ab049372d18.tif").toAbsolutePath() + "\");",
                "input = getTitle();",
                "makeRectangle(getWidth() / 2, 0, getWidth() / 2, getHeight());",
                "run(\"Gaussian Blur...\", \"sigma=3\");", // the right half out of focus
                "run(\"Select None\");",
                "run(\"Segment Cells (U-Net)\", \"model=[" + Path.of("models/nuclei-unet").toAbsolutePath() + "]\");",
                "selectImage(input);",
                "for (i = 0; i < roiManager(\"count\"); i++) {",
                "  roiManager(\"select\", i); Roi.getBounds(x, y, w, h);",
                "  if (x + w / 2 < getWidth() / 2) RoiManager.setGroup(1); else RoiManager.setGroup(2);", // names stay
                "}",
                "run(\"Select None\");",
                "run(\"Train Object Classifier...\", \"output=focus-classifier epochs=5\");",
                "run(\"Classify ROIs (CNN)\", \"model=focus-classifier\");",
                "print(\"CLASS0=\" + getResultString(\"Class\", 0));",
                "print(\"AREA0=\" + getResult(\"Area\", 0));",
                "print(\"DONE=1\");",
                ""));
        FijiTestSupport.Run run = FijiTestSupport.run(imagej(false, macro, userModels), dir, TIMEOUT_S);
        assertEquals(0, run.exitCode, run.output);
        assertEquals("1", FijiTestSupport.printed(run.output, "DONE"), run.output);
        assertEquals(List.of("group 1", "group 2"), io.github.fijiunet.model.ModelDescriptor.read(model).classes(), "unnamed groups");
        assertTrue(List.of("group 1", "group 2").contains(FijiTestSupport.printed(run.output, "CLASS0")), run.output);
        assertTrue(Double.parseDouble(FijiTestSupport.printed(run.output, "AREA0")) > 0, "Segment Cells' measurements kept\n" + run.output);
        assertTrue(Files.isRegularFile(model.resolve("MODEL_CARD.md")), "the model card is written");
        assertFalse(run.output.contains("\tat "), "no stack trace\n" + run.output);
    }

    /** Export bioimage.io Model... from a macro, then Segment Cells with the package it wrote: the same nuclei as the native model. */
    @Test
    void exportAPackageFromAMacroThenSegmentWithIt() throws Exception {
        assumeTrue(FijiTestSupport.hasXvfb(), "xvfb-run is not installed (apt-get install xvfb xauth)");
        Path zip = dir.resolve("nuclei-unet.bioimageio.zip");
        Path nucleiUnet = Path.of("models/nuclei-unet").toAbsolutePath();
        Path macro = dir.resolve("export.ijm");
        Files.writeString(macro, String.join("\n",
                "open(\"" + Path.of("test-images/nuclei/images/00071198d059ba7f.tif").toAbsolutePath() + "\");",
                "input = getTitle();",
                "run(\"Export bioimage.io Model...\", \"model=[" + nucleiUnet + "] out=[" + zip + "] authors=[A. Tester] license=MIT\");",
                "selectImage(input);",
                "run(\"Segment Cells (U-Net)\", \"model=[" + nucleiUnet + "]\");",
                "print(\"NATIVE=\" + roiManager(\"count\"));",
                "selectImage(input);",
                "run(\"Segment Cells (U-Net)\", \"model=[" + zip + "] clear_roi_manager=true\");",
                "print(\"PACKAGE=\" + roiManager(\"count\"));",
                "print(\"DONE=1\");",
                ""));
        FijiTestSupport.Run run = FijiTestSupport.run(imagej(false, macro), dir, TIMEOUT_S);
        assertEquals(0, run.exitCode, run.output);
        assertEquals("1", FijiTestSupport.printed(run.output, "DONE"), run.output);
        assertTrue(Files.isRegularFile(zip), "the package is written");
        assertTrue(run.output.contains("package test PASS"), run.output);
        assertEquals(FijiTestSupport.printed(run.output, "NATIVE"), FijiTestSupport.printed(run.output, "PACKAGE"), run.output);
        assertTrue(Integer.parseInt(FijiTestSupport.printed(run.output, "NATIVE")) > 10, run.output);
        assertFalse(run.output.contains("\tat "), "no stack trace\n" + run.output);
    }
}
