package io.github.fijiunet.fiji;

import ij.ImagePlus;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.workflow.SegmentationOutput;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.DynamicCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;
import java.util.List;

/**
 * Segment Cells (U-Net) as a SciJava command, for scripts and ImageJ2 ({@code CommandService}).
 * The menu entry is the ImageJ 1.x plugin's; the menu path here is only the label
 * "Segment Cells (U-Net)...", which Fiji registers for macros without a menu item (see
 * plugins.config), so lines Fiji recorded from this command keep working. Field names are the
 * option enums' keys:
 * <pre>run("Segment Cells (U-Net)...", "input=blobs.gif model=nuclei-unet threshold=0.5 ...");</pre>
 * Labels, help, ranges and choices come from {@link SegmentationOption} and {@link InstanceOption}
 * ({@link OptionInputs}, when a UI harvests the inputs); the fields hold their defaults. The work is {@link SegmentCells}.
 */
@Plugin(type = Command.class, menuPath = SegmentCells.TITLE + "...", initializer = "init")
public class SegmentCellsCommand extends DynamicCommand {

    /** The model choice that means "use the folder given in model_folder". */
    public static final String CUSTOM_FOLDER = "custom folder";

    @Parameter(label = "Image", persist = false)
    private ImagePlus input;

    @Parameter(callback = "modelChanged")
    private String model = SegmentationOption.MODEL.defaultText();

    @Parameter(label = "Custom model folder (or bioimage.io package)", required = false, style = "directory")
    private File model_folder;

    @Parameter
    private int channel = (Integer) SegmentationOption.CHANNEL.defaultValue();

    @Parameter
    private double object_diameter = (Double) SegmentationOption.OBJECT_DIAMETER.defaultValue();

    @Parameter
    private boolean normalize = (Boolean) SegmentationOption.NORMALIZE.defaultValue();

    @Parameter
    private double percentile_low = (Double) SegmentationOption.PERCENTILE_LOW.defaultValue();

    @Parameter
    private double percentile_high = (Double) SegmentationOption.PERCENTILE_HIGH.defaultValue();

    @Parameter
    private String threshold = InstanceOption.THRESHOLD.defaultText();

    @Parameter
    private String method = InstanceOption.METHOD.defaultText();

    @Parameter
    private long min_size = (Long) InstanceOption.MIN_SIZE.defaultValue();

    @Parameter
    private long max_size = (Long) InstanceOption.MAX_SIZE.defaultValue();

    @Parameter
    private boolean fill_holes = (Boolean) InstanceOption.FILL_HOLES.defaultValue();

    @Parameter
    private boolean exclude_border = (Boolean) InstanceOption.EXCLUDE_BORDER.defaultValue();

    @Parameter
    private int tile_size = (Integer) SegmentationOption.TILE_SIZE.defaultValue();

    @Parameter
    private String device = SegmentationOption.DEVICE.defaultText();

    @Parameter
    private String precision = SegmentationOption.PRECISION.defaultText();

    @Parameter
    private boolean tta = (Boolean) SegmentationOption.TTA.defaultValue();

    @Parameter
    private boolean label_image = (Boolean) SegmentationOption.LABEL_IMAGE.defaultValue();

    @Parameter
    private boolean roi_manager = (Boolean) SegmentationOption.ROI_MANAGER.defaultValue();

    @Parameter
    private boolean clear_roi_manager = (Boolean) SegmentationOption.CLEAR_ROI_MANAGER.defaultValue();

    @Parameter
    private boolean overlay = (Boolean) SegmentationOption.OVERLAY.defaultValue();

    @Parameter
    private boolean results = (Boolean) SegmentationOption.RESULTS.defaultValue();

    @Parameter
    private boolean probability_map = (Boolean) SegmentationOption.PROBABILITY_MAP.defaultValue();

    @Parameter
    private boolean uncertainty_map = (Boolean) SegmentationOption.UNCERTAINTY_MAP.defaultValue();

    @Parameter(type = ItemIO.OUTPUT, required = false)
    private ImagePlus labels;

    @Parameter(type = ItemIO.OUTPUT, required = false)
    private ImagePlus probabilities;

    @Parameter(type = ItemIO.OUTPUT, required = false)
    private ImagePlus uncertainty;

    @Parameter(type = ItemIO.OUTPUT)
    private int object_count;

    @Parameter(required = false)
    private StatusService status;

    @Parameter(required = false)
    private LogService log;

    /** Model choices from the catalogue; labels, help, ranges and choices from the options. */
    protected void init() {
        OptionInputs.describe(this, SegmentCellsSettings.OPTIONS);
        List<String> models = OptionInputs.modelChoices(this, "model", false, CUSTOM_FOLDER);
        if (!models.contains(model) && !models.isEmpty()) model = models.get(0);
        modelChanged();
    }

    /** The post-processing inputs show the chosen model's own defaults. */
    protected void modelChanged() {
        OptionInputs.showModelDefaults(this, SegmentCellsSettings.modelDefaults(model));
    }

    /** The settings these inputs stand for (options without an input here keep their defaults). */
    SegmentCellsSettings settings() {
        SegmentCellsSettings s = OptionInputs.read(this, new SegmentCellsSettings());
        if (CUSTOM_FOLDER.equals(model)) {
            if (model_folder == null) {
                throw new io.github.fijiunet.InvalidInputException("Choose the custom model folder, or pick a model from the list.");
            }
            s.set(SegmentationOption.MODEL, model_folder.getPath());
        }
        return s;
    }

    @Override
    public void run() {
        ImageJProgress progress = new ImageJProgress(this::isCanceled, (done, total, message) -> {
            if (status == null) return;
            if (total > 0 && total <= Integer.MAX_VALUE) status.showProgress((int) done, (int) total);
            if (message != null) status.showStatus(message);
        });
        try {
            SegmentCellsSettings s = settings();
            SegmentationOutput out = SegmentCells.segment(input, s, progress, this::warn);
            // Images go out as outputs (the UI displays them); ROIs, overlay and table go to ImageJ.
            SegmentCells.present(out, s, false, this::warn);
            labels = s.isOn(SegmentationOption.LABEL_IMAGE) ? out.labelImage() : null;
            probabilities = out.probabilityMap();
            uncertainty = out.uncertaintyMap();
            object_count = out.objectCount();
            progress.outcome(SegmentCells.TITLE + ": " + out.summary());
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            cancel(UserMessages.message(e));
            UserMessages.report(SegmentCells.TITLE, e);
        } finally {
            progress.done();
        }
    }

    private void warn(String message) {
        if (log != null) log.warn(message);
        else UserMessages.log(message);
    }
}
