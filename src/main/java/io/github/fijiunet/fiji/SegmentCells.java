package io.github.fijiunet.fiji;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageWindow;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;
import ij.plugin.frame.RoiManager;
import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCache;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.workflow.BatchItem;
import io.github.fijiunet.workflow.BatchReport;
import io.github.fijiunet.workflow.BatchSegmentation;
import io.github.fijiunet.workflow.BatchStatus;
import io.github.fijiunet.workflow.ImageSegmentation;
import io.github.fijiunet.workflow.OutputFolder;
import io.github.fijiunet.workflow.SegmentationOutput;

import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Point;
import java.awt.Rectangle;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * "Segment Cells (U-Net)" behind every front end (SciJava command, ImageJ 1.x plugin, static macro
 * entry): resolve and load the model, segment with {@link ImageSegmentation}, then hand the outputs
 * to ImageJ the way a macro expects them.
 */
public final class SegmentCells {

    public static final String TITLE = "Segment Cells (U-Net)";

    private SegmentCells() {}

    /** Loads the model named in {@code settings}, logs its warnings (e.g. GPU fallback) and segments. */
    public static SegmentationOutput segment(ImagePlus imp, SegmentCellsSettings settings, Progress progress, Consumer<String> log) {
        ImageSegmentation.checkImage(imp);
        SegmentationOptions options = settings.toOptions();
        Path dir = ModelCatalog.standard().resolve(settings.model());
        progress.update(0, 1, "Loading model " + dir.getFileName() + "...");
        try (ModelCache.Lease lease = ModelCache.shared().acquire(dir, options.runtime())) {
            LoadedModel model = lease.model();
            for (String w : model.warnings()) log.accept("fiji-unet: " + w);
            String planes = ImageSegmentation.planesNote(imp);
            if (planes != null) log.accept(TITLE + ": " + imp.getTitle() + ": " + planes + ".");
            return ImageSegmentation.run(imp, model, options, progress);
        }
    }

    /**
     * A folder through {@link BatchSegmentation} with the model named in {@code settings}; the
     * folders are checked before the model is loaded ({@code wording} names them as the caller
     * does); skipped files are logged with their reason (they are also in the summary CSV).
     */
    public static BatchReport batch(Path inputDir, Path outputDir, SegmentCellsSettings settings, boolean overwrite, boolean resume,
                                    OutputFolder.Wording wording, Progress progress, Consumer<String> log) {
        if (inputDir == null || outputDir == null) {
            throw new io.github.fijiunet.InvalidInputException("Choose an input folder and an output folder.");
        }
        SegmentationOptions options = settings.toOptions();
        BatchSegmentation batch = BatchSegmentation.prepare(inputDir, outputDir, overwrite, resume, wording);
        Path dir = ModelCatalog.standard().resolve(settings.model());
        BatchReport report;
        try (ModelCache.Lease lease = ModelCache.shared().acquire(dir, options.runtime())) {
            for (String w : lease.model().warnings()) log.accept("fiji-unet: " + w);
            report = batch.run(lease.model(), options, progress);
        }
        for (BatchItem item : report.items()) {
            if (item.status() != BatchStatus.OK && item.status() != BatchStatus.KEPT) {
                log.accept("Batch Segment Folder: skipped " + item.file() + ": " + item.message());
            }
        }
        return report;
    }

    /**
     * Puts the outputs where ImageJ users and macros look for them: ROIs into the ROI Manager the
     * calling macro sees (the batch-mode one inside batch-mode macros), outlines onto the input's
     * overlay, the measurements into the system "Results" table ({@code nResults}), and, when
     * {@code showImages}, the label image and probability map via {@code show()} (which a batch-mode
     * macro turns into an entry of its image list). Headless, there is no ROI Manager: the ROIs stay
     * in the output.
     */
    public static void present(SegmentationOutput out, SegmentCellsSettings settings, boolean showImages, Consumer<String> log) {
        if (settings.isOn(SegmentationOption.ROI_MANAGER)) {
            RoiManager rm = callersRoiManager();
            if (rm != null) addToRoiManager(rm, out.rois(), settings.isOn(SegmentationOption.CLEAR_ROI_MANAGER));
            else log.accept("fiji-unet: no ROI Manager without a display; " + out.objectCount() + " ROIs were not added.");
        }
        if (settings.isOn(SegmentationOption.OVERLAY)) out.addOverlay();
        if (settings.isOn(SegmentationOption.RESULTS)) showResults(out.results());
        if (showImages && settings.isOn(SegmentationOption.LABEL_IMAGE)) showBeside(out.labelImage(), out.input(), 0);
        if (showImages && out.probabilityMap() != null) showBeside(out.probabilityMap(), out.input(), 1);
        if (showImages && out.uncertaintyMap() != null) showBeside(out.uncertaintyMap(), out.input(), 2);
    }

    /**
     * Shows a result under a title no open image has (a second run gives {@code cells_labels-1}),
     * and, in the GUI, beside the image it came from: the first place to its right (from {@code slot}
     * on), else below it, that no other image window covers; on a full screen, cascaded over it.
     */
    static void showBeside(ImagePlus result, ImagePlus source, int slot) {
        if (WindowManager.getImage(result.getTitle()) != null) result.setTitle(WindowManager.makeUniqueName(result.getTitle()));
        result.show();
        ImageWindow from = source.getWindow();
        ImageWindow shown = result.getWindow();
        if (from == null || shown == null) return; // batch mode or headless: no windows to place
        // On the event thread, after ImageJ's own placement of the new window (queued there by show()),
        // and before the next result is placed, so that it sees this one where it ends up.
        Runnable place = () -> shown.setLocation(placeBeside(from, shown, slot));
        if (EventQueue.isDispatchThread()) {
            place.run();
        } else {
            try {
                EventQueue.invokeAndWait(place);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * The first place right of {@code from} (from {@code slot} on), else in the rows below it, that
     * no other image window covers; on a full screen, cascaded over it.
     */
    private static Point placeBeside(ImageWindow from, ImageWindow shown, int slot) {
        Rectangle screen = from.getGraphicsConfiguration().getBounds();
        int w = shown.getWidth();
        int h = shown.getHeight();
        for (int row = 0; from.getY() + row * (from.getHeight() + 10) + h <= screen.y + screen.height; row++) {
            int y = from.getY() + row * (from.getHeight() + 10);
            int x0 = row == 0 ? from.getX() + from.getWidth() + 10 + slot * (w + 10) : from.getX();
            for (int x = x0; x + w <= screen.x + screen.width; x += w + 10) {
                if (!coveredByAnotherImage(new Rectangle(x, y, w, h), shown)) return new Point(x, y);
            }
        }
        return new Point(from.getX() + 40 * (slot + 1), from.getY() + 40 * (slot + 1));
    }

    private static boolean coveredByAnotherImage(Rectangle place, ImageWindow self) {
        int[] ids = WindowManager.getIDList();
        if (ids == null) return false;
        for (int id : ids) {
            ImagePlus other = WindowManager.getImage(id);
            ImageWindow w = other == null ? null : other.getWindow();
            if (w != null && w != self && w.isShowing() && w.getBounds().intersects(place)) return true;
        }
        return false;
    }

    /** Adds the ROIs to {@code manager} (e.g. {@code new RoiManager(true)} in batch macros), optionally clearing it first. */
    public static void addToRoiManager(RoiManager manager, List<Roi> rois, boolean clearFirst) {
        if (clearFirst) manager.reset();
        for (Roi roi : rois) manager.add(roi, -1);
    }

    /** The ROI Manager a running macro's {@code roiManager(...)} calls use; opened if needed; null headless. */
    public static RoiManager callersRoiManager() {
        if (GraphicsEnvironment.isHeadless()) return null;
        RoiManager rm = RoiManager.getInstance2();
        return rm != null ? rm : RoiManager.getRoiManager();
    }

    /** Makes {@code table} the system results table (what {@code nResults} counts) and shows it where possible. */
    public static void showResults(ResultsTable table) {
        Analyzer.setResultsTable(table);
        if (!GraphicsEnvironment.isHeadless()) table.show("Results");
    }
}
