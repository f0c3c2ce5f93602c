package io.github.fijiunet.fiji;

import ij.ImagePlus;
import ij.WindowManager;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.io.ImageFiles;
import io.github.fijiunet.model.ModelCache;
import io.github.fijiunet.workflow.OutputFolder;
import io.github.fijiunet.workflow.SegmentationOutput;

import java.nio.file.Path;
import java.util.List;

/**
 * Static entries for ImageJ macros that never touch ImageJ's menus, so they also work with
 * {@code -Djava.awt.headless=true} (where {@code run(...)} fails in plain ImageJ):
 * <pre>
 * n = call("io.github.fijiunet.fiji.Macros.segment", "image=/data/cells.tif model=nuclei-unet threshold=0.5 output=/data/out");
 * </pre>
 * Keys are those of the "Segment Cells (U-Net)" command plus {@value #IMAGE} (a file to open;
 * without it the macro's current image is used), {@value #OUTPUT} (a folder: label TIFF, ROI zip,
 * results CSV and overlay PNG are written there) and {@value #OVERWRITE}. Returns the object
 * count, or {@code "error: <message>"} (also logged) when the input is wrong.
 */
public final class Macros {

    public static final String IMAGE = "image";
    public static final String OUTPUT = "output";
    public static final String OVERWRITE = "overwrite";

    private Macros() {}

    public static String segment(String options) {
        ImageJProgress progress = new ImageJProgress();
        try {
            SegmentCellsSettings settings = SegmentCellsSettings.fromMacro(options, List.of(IMAGE, OUTPUT, OVERWRITE),
                    "Macros.segment");
            MacroOptions m = MacroOptions.parse(options);
            ImagePlus imp;
            String image = m.get(IMAGE, null);
            if (image != null) {
                imp = ImageFiles.open(Path.of(image));
            } else {
                imp = WindowManager.getCurrentImage();
                if (imp == null) throw new InvalidInputException("No image: open one in the macro first, or pass image=<path>.");
            }
            // Outputs are named after the file (spaces kept) and their folder is checked before the model loads.
            Path output = m.has(OUTPUT) ? Path.of(m.get(OUTPUT, null)) : null;
            boolean overwrite = m.getBoolean(OVERWRITE, false);
            String baseName = image != null ? ImageFiles.baseName(Path.of(image)) : OutputFolder.baseName(imp);
            if (output != null) OutputFolder.check(output, SegmentationOutput.filesFor(output, baseName), overwrite, OutputFolder.Wording.MACRO);
            SegmentationOutput out = SegmentCells.segment(imp, settings, progress, UserMessages::log);
            if (output != null) out.save(output, baseName, overwrite);
            // An image the macro opened itself is the macro's; a file we opened is not shown.
            SegmentCells.present(out, settings, image == null, UserMessages::log);
            return String.valueOf(out.objectCount());
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            String message = UserMessages.message(e);
            UserMessages.logDetails(e);
            UserMessages.log(SegmentCells.TITLE + ": " + message);
            return "error: " + message;
        } finally {
            progress.done();
        }
    }

    /**
     * Closes the model kept from the last run ({@link ModelCache}) to free its memory:
     * {@code call("io.github.fijiunet.fiji.Macros.releaseModels")}. The next run loads its model again.
     */
    public static String releaseModels() {
        ModelCache.shared().release();
        return "released";
    }
}
