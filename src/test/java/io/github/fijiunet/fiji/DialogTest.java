package io.github.fijiunet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.fiji.ij1.SegmentCellsPlugin;
import io.github.fijiunet.segment.SegmentationOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Segment Cells dialog as a user meets it, under Xvfb ({@link DialogDriver}): its fields are
 * the option definitions' labels with their defaults, a typed value reaches the run and the
 * recorded macro line, the line replays to the same objects, and the dialog remembers the value.
 * Set {@code -Dfijiunet.dialog.screenshot=PATH} to keep the dialog's screenshot.
 */
class DialogTest {

    @TempDir
    Path dir;

    /** The min_size a dialog shows for a shipped model: its descriptor's tuned value, as the numeric field writes it. */
    private static String shownMinSize(String model) {
        java.util.Map<String, String> tuned = io.github.fijiunet.model.ModelDescriptor.read(Path.of("models", model)).postProcessing();
        assertTrue(tuned.containsKey("min_size"), model + " ships tuned post-processing defaults");
        return tuned.get("min_size");
    }

    @Test
    void dialogRunsRecordsReplaysAndRemembers() throws Exception {
        assumeTrue(FijiTestSupport.hasXvfb(), "xvfb-run is not installed (apt-get install xvfb xauth): .ci/run installs it");
        Path imagej = dir.resolve("ImageJ");
        Path plugins = FijiTestSupport.pluginsDir(imagej);
        Path shot = dir.resolve("dialog.png");
        List<String> cmd = List.of("xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", FijiTestSupport.java(), "-Xmx2g",
                "-Dplugins.dir=" + plugins, "-Duser.home=" + dir, // ImageJ's preferences go to a fresh home
                "-D" + io.github.fijiunet.model.ModelCatalog.MODELS_PROPERTY + "=" + Path.of("models").toAbsolutePath(),
                "-cp", FijiTestSupport.dependencyClassPath(true), DialogDriver.class.getName(),
                FijiTestSupport.NUCLEI.toString(), shot.toString(), "40");
        FijiTestSupport.Run run = FijiTestSupport.run(cmd, dir, 240);
        assertEquals("1", FijiTestSupport.printed(run.output, "DONE"), run.output);

        String labels = FijiTestSupport.printed(run.output, "LABELS");
        assertTrue(labels.contains(SegmentationOption.MODEL.label()), labels);
        for (List<OptionSpec> group : List.of(SegmentCellsPlugin.DIALOG, SegmentCellsPlugin.OUTPUTS)) {
            for (OptionSpec o : group) assertTrue(labels.contains(o.label()), o.label() + " in " + labels);
        }
        // A first opening shows the chosen model's tuned defaults; picking another model shows that one's.
        assertEquals(shownMinSize("nuclei-unet"), FijiTestSupport.printed(run.output, "SHOWN_MIN_SIZE"), run.output);
        assertEquals(shownMinSize("nuclei-unetpp"), FijiTestSupport.printed(run.output, "SWITCHED_MIN_SIZE"), run.output);
        String recorded = FijiTestSupport.printed(run.output, "RECORDED");
        assertTrue(recorded.contains(" min_size=40 ") && recorded.contains("model=nuclei-unet"), recorded);
        int rois = Integer.parseInt(FijiTestSupport.printed(run.output, "ROIS"));
        assertEquals("Segment Cells (U-Net): " + rois + " objects in 00071198d059ba7f.tif (sizes in pixels)", FijiTestSupport.printed(run.output, "STATUS"),
                "the status bar says what was found");
        assertTrue(rois >= 15 && rois <= 35, rois + " ROIs\n" + run.output);
        assertEquals(String.valueOf(rois), FijiTestSupport.printed(run.output, "REPLAY_ROIS"), "the recorded line replays the same run");
        assertEquals("40", FijiTestSupport.printed(run.output, "REMEMBERED"), "the dialog shows the last OK's value");
        assertEquals("00071198d059ba7f_labels|00071198d059ba7f_labels-1", FijiTestSupport.printed(run.output, "LABEL_TITLES"),
                "each run's label image has its own title");
        assertEquals("true", FijiTestSupport.printed(run.output, "BESIDE"), "the input and both label images side by side, none covering another");
        assertTrue(Files.size(shot) > 1000, "screenshot written");
        String keep = System.getProperty("fijiunet.dialog.screenshot");
        if (keep != null && !keep.isBlank()) Files.copy(shot, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
