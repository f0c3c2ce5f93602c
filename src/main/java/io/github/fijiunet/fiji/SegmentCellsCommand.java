package io.github.fijiunet.fiji;

import ij.ImagePlus;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.post.InstanceMethod;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.workflow.SegmentationOutput;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.DynamicCommand;
import org.scijava.log.LogService;
import org.scijava.module.MutableModuleItem;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Segment Cells (U-Net) as a SciJava command, for scripts and ImageJ2 ({@code CommandService}).
 * The menu entry is the ImageJ 1.x plugin's; the menu path here is only the label
 * "Segment Cells (U-Net)...", which Fiji registers for macros without a menu item (see
 * plugins.config), so lines Fiji recorded from this command keep working. Field names are the
 * option enums' keys:
 * <pre>run("Segment Cells (U-Net)...", "input=blobs.gif model=nuclei-unet threshold=0.5 ...");</pre>
 * Labels, choices and defaults come from {@link SegmentationOption} and {@link InstanceOption}
 * (set by {@link #init()} when a UI harvests the inputs). The work is {@link SegmentCells}.
 */
@Plugin(type = Command.class, menuPath = SegmentCells.TITLE + "...", initializer = "init")
public class SegmentCellsCommand extends DynamicCommand {

    /** The model choice that means "use the folder given in model_folder". */
    public static final String CUSTOM_FOLDER = "custom folder";

    @Parameter(label = "Image", persist = false)
    private ImagePlus input;

    @Parameter(label = "Model")
    private String model = (String) SegmentationOption.MODEL.defaultValue();

    @Parameter(label = "Custom model folder", required = false, style = "directory")
    private File model_folder;

    @Parameter(label = "Normalise input")
    private boolean normalize = (Boolean) SegmentationOption.NORMALIZE.defaultValue();

    @Parameter(label = "Low percentile", min = "0", max = "100")
    private double percentile_low = (Double) SegmentationOption.PERCENTILE_LOW.defaultValue();

    @Parameter(label = "High percentile", min = "0", max = "100")
    private double percentile_high = (Double) SegmentationOption.PERCENTILE_HIGH.defaultValue();

    @Parameter(label = "Threshold")
    private String threshold = InstanceOption.THRESHOLD.defaultText();

    @Parameter(label = "Instance method")
    private String method = InstanceOption.METHOD.defaultText();

    @Parameter(label = "Minimum size", min = "0")
    private long min_size = (Long) InstanceOption.MIN_SIZE.defaultValue();

    @Parameter(label = "Maximum size", min = "0")
    private long max_size = (Long) InstanceOption.MAX_SIZE.defaultValue();

    @Parameter(label = "Fill holes")
    private boolean fill_holes = (Boolean) InstanceOption.FILL_HOLES.defaultValue();

    @Parameter(label = "Exclude edge objects")
    private boolean exclude_border = (Boolean) InstanceOption.EXCLUDE_BORDER.defaultValue();

    @Parameter(label = "Tile size", min = "0")
    private int tile_size = (Integer) SegmentationOption.TILE_SIZE.defaultValue();

    @Parameter(label = "Device", choices = {"CPU", "GPU"})
    private String device = ((ComputeDevice) SegmentationOption.DEVICE.defaultValue()).name();

    @Parameter(label = "Arithmetic", choices = {"float32", "bfloat16"})
    private String precision = SegmentationOption.PRECISION.defaultText();

    @Parameter(label = "Label image")
    private boolean label_image = (Boolean) SegmentationOption.LABEL_IMAGE.defaultValue();

    @Parameter(label = "ROI Manager")
    private boolean roi_manager = (Boolean) SegmentationOption.ROI_MANAGER.defaultValue();

    @Parameter(label = "Clear ROI Manager")
    private boolean clear_roi_manager = (Boolean) SegmentationOption.CLEAR_ROI_MANAGER.defaultValue();

    @Parameter(label = "Overlay")
    private boolean overlay = (Boolean) SegmentationOption.OVERLAY.defaultValue();

    @Parameter(label = "Results table")
    private boolean results = (Boolean) SegmentationOption.RESULTS.defaultValue();

    @Parameter(label = "Probability map")
    private boolean probability_map = (Boolean) SegmentationOption.PROBABILITY_MAP.defaultValue();

    @Parameter(type = ItemIO.OUTPUT, required = false)
    private ImagePlus labels;

    @Parameter(type = ItemIO.OUTPUT, required = false)
    private ImagePlus probabilities;

    @Parameter(type = ItemIO.OUTPUT)
    private int object_count;

    @Parameter(required = false)
    private StatusService status;

    @Parameter(required = false)
    private LogService log;

    /** Model choices from the catalogue, labels from the option enums. */
    protected void init() {
        List<String> models = new ArrayList<>(ModelCatalog.standard().names());
        if (!models.contains(model) && !models.isEmpty()) model = models.get(0);
        models.add(CUSTOM_FOLDER);
        MutableModuleItem<String> modelItem = getInfo().getMutableInput("model", String.class);
        modelItem.setChoices(models);
        List<String> methods = new ArrayList<>();
        for (InstanceMethod m : InstanceMethod.values()) methods.add(m.key());
        getInfo().getMutableInput("method", String.class).setChoices(methods);
        label("model", SegmentationOption.MODEL.label());
        label("normalize", SegmentationOption.NORMALIZE.label());
        label("percentile_low", SegmentationOption.PERCENTILE_LOW.label());
        label("percentile_high", SegmentationOption.PERCENTILE_HIGH.label());
        label("tile_size", SegmentationOption.TILE_SIZE.label());
        label("device", SegmentationOption.DEVICE.label());
        label("precision", SegmentationOption.PRECISION.label());
        label("label_image", SegmentationOption.LABEL_IMAGE.label());
        label("roi_manager", SegmentationOption.ROI_MANAGER.label());
        label("clear_roi_manager", SegmentationOption.CLEAR_ROI_MANAGER.label());
        label("overlay", SegmentationOption.OVERLAY.label());
        label("results", SegmentationOption.RESULTS.label());
        label("probability_map", SegmentationOption.PROBABILITY_MAP.label());
        for (InstanceOption o : new InstanceOption[] {InstanceOption.THRESHOLD, InstanceOption.METHOD, InstanceOption.MIN_SIZE,
                InstanceOption.MAX_SIZE, InstanceOption.FILL_HOLES, InstanceOption.EXCLUDE_BORDER}) {
            label(o.key(), o.label());
        }
    }

    private void label(String name, String text) {
        if (getInfo().getInput(name) instanceof MutableModuleItem) {
            ((MutableModuleItem<?>) getInfo().getInput(name)).setLabel(text);
        }
    }

    /** The settings these inputs stand for (options not shown here keep their defaults). */
    SegmentCellsSettings settings() {
        SegmentCellsSettings s = new SegmentCellsSettings();
        if (CUSTOM_FOLDER.equals(model)) {
            if (model_folder == null) {
                throw new io.github.fijiunet.InvalidInputException("Choose the custom model folder, or pick a model from the list.");
            }
            s.model = model_folder.getPath();
        } else {
            s.model = model;
        }
        s.normalize = normalize;
        s.percentileLow = percentile_low;
        s.percentileHigh = percentile_high;
        s.tileSize = tile_size;
        s.device = ComputeDevice.parse(device);
        s.precision = Precision.parse(precision);
        s.labelImage = label_image;
        s.roiManager = roi_manager;
        s.clearRoiManager = clear_roi_manager;
        s.overlay = overlay;
        s.results = results;
        s.probabilityMap = probability_map;
        s.instance.put(InstanceOption.THRESHOLD, threshold);
        s.instance.put(InstanceOption.METHOD, method);
        s.instance.put(InstanceOption.MIN_SIZE, String.valueOf(min_size));
        s.instance.put(InstanceOption.MAX_SIZE, String.valueOf(max_size));
        s.instance.put(InstanceOption.FILL_HOLES, String.valueOf(fill_holes));
        s.instance.put(InstanceOption.EXCLUDE_BORDER, String.valueOf(exclude_border));
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
            labels = s.labelImage ? out.labelImage() : null;
            probabilities = out.probabilityMap();
            object_count = out.objectCount();
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
