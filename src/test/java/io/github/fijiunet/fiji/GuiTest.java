package io.github.fijiunet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ImageJ GUI under Xvfb in a subprocess ({@link GuiDriver}): the menu lists each command once, the
 * command runs on the nuclei image, and a screenshot is written. Set
 * {@code -Dfijiunet.screenshot=PATH} to keep the screenshot (the README's comes from here).
 */
class GuiTest {

    @TempDir
    Path dir;

    @Test
    void menuEntryRunsAndScreenshotIsTaken() throws Exception {
        assumeTrue(FijiTestSupport.hasXvfb(), "xvfb-run is not installed (apt-get install xvfb xauth): "
                + "the GUI test needs a virtual display; .ci/run installs it");
        Path plugins = FijiTestSupport.pluginsDir(dir.resolve("ImageJ"));
        Path shot = dir.resolve("screenshot.png");
        // The shipped model with its defaults: what a user sees on first use (and the README's screenshot).
        String options = "model=nuclei-unet";
        List<String> cmd = List.of("xvfb-run", "-a", "-s", "-screen 0 1280x800x24", FijiTestSupport.java(), "-Xmx2g",
                "-Dplugins.dir=" + plugins,
                "-D" + io.github.fijiunet.model.ModelCatalog.MODELS_PROPERTY + "=" + Path.of("models").toAbsolutePath(),
                "-cp", FijiTestSupport.dependencyClassPath(true), GuiDriver.class.getName(),
                FijiTestSupport.NUCLEI.toString(), options, shot.toString());
        FijiTestSupport.Run run = FijiTestSupport.run(cmd, dir, 240);
        System.out.printf("ImageJ GUI under Xvfb: %.1f s%n", run.seconds);

        assertEquals("1", FijiTestSupport.printed(run.output, "DONE"), run.output);
        assertEquals("true", FijiTestSupport.printed(run.output, "MENU"), "Plugins>fiji-unet>Segment Cells (U-Net) exists");
        List<String> labels = new ArrayList<>();
        for (MenuRegistrationTest.Ij1Entry e : MenuRegistrationTest.pluginsConfig()) labels.add(e.label);
        assertEquals(String.join("|", labels), FijiTestSupport.printed(run.output, "FIJI_UNET_MENU"),
                "plain ImageJ's Plugins>fiji-unet: each plugins.config entry once, nothing else");
        int rois = Integer.parseInt(FijiTestSupport.printed(run.output, "ROIS"));
        // The image's ground truth has 27 nuclei; the shipped model finds about as many.
        assertTrue(rois >= 20 && rois <= 35, rois + " ROIs\n" + run.output);
        assertEquals(String.valueOf(rois), FijiTestSupport.printed(run.output, "OVERLAY"));
        assertTrue(Files.size(shot) > 1000, "screenshot written");
        String keep = System.getProperty("fijiunet.screenshot");
        if (keep != null && !keep.isBlank()) Files.copy(shot, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
