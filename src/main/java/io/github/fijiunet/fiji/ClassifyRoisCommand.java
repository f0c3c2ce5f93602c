package io.github.fijiunet.fiji;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.predict.ClassificationOption;
import io.github.fijiunet.predict.ClassificationOptions;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.workflow.Classify;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.DynamicCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Classify ROIs (CNN) as a SciJava command (menu entry and macro label as for
 * {@link SegmentCellsCommand}): every ROI in the ROI Manager gets a class and
 * probability (name suffix, ROI properties, results table) and a colour per class on the overlay.
 */
@Plugin(type = Command.class, menuPath = ClassifyRoisCommand.TITLE + "...", initializer = "init")
public class ClassifyRoisCommand extends DynamicCommand {

    static final String TITLE = "Classify ROIs (CNN)";

    @Parameter(label = "Image", persist = false)
    private ImagePlus input;

    @Parameter(label = "Model")
    private String model = (String) ClassificationOption.MODEL.defaultValue();

    @Parameter(label = "Margin", min = "0")
    private int margin = (Integer) ClassificationOption.MARGIN.defaultValue();

    @Parameter(label = "Square crops")
    private boolean square_crops = (Boolean) ClassificationOption.SQUARE_CROPS.defaultValue();

    @Parameter(label = "Device", choices = {"CPU", "GPU"})
    private String device = ((ComputeDevice) SegmentationOption.DEVICE.defaultValue()).name();

    /** ROIs to classify instead of the ROI Manager's (scripts, tests); not shown in dialogs. */
    @Parameter(required = false, persist = false, visibility = org.scijava.ItemVisibility.INVISIBLE)
    private Roi[] rois;

    @Parameter(type = ItemIO.OUTPUT)
    private int classified;

    protected void init() {
        ClassifyImageCommand.modelChoices(this, "model");
        ClassifyImageCommand.label(this, "model", ClassificationOption.MODEL.label());
        ClassifyImageCommand.label(this, "margin", ClassificationOption.MARGIN.label());
        ClassifyImageCommand.label(this, "square_crops", ClassificationOption.SQUARE_CROPS.label());
        ClassifyImageCommand.label(this, "device", SegmentationOption.DEVICE.label());
    }

    @Override
    public void run() {
        ImageJProgress progress = new ImageJProgress(this::isCanceled, null);
        try {
            RoiManager rm = rois == null ? SegmentCells.callersRoiManager() : null;
            List<Roi> list = rois != null ? Arrays.asList(rois)
                    : rm == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(rm.getRoisAsArray()));
            ClassificationOptions options = ClassificationOptions.builder()
                    .set(ClassificationOption.MARGIN, String.valueOf(margin))
                    .set(ClassificationOption.SQUARE_CROPS, String.valueOf(square_crops)).build();
            ResultsTable table = Classify.rois(input, list, model, new RuntimeOptions(ComputeDevice.parse(device), 0, 0, Precision.FLOAT32), options,
                    progress, UserMessages::log);
            if (rm != null) {
                for (int i = 0; i < list.size(); i++) rm.rename(i, list.get(i).getName());
            }
            SegmentCells.showResults(table);
            classified = list.size();
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            cancel(UserMessages.message(e));
            UserMessages.report(TITLE, e);
        } finally {
            progress.done();
        }
    }
}
