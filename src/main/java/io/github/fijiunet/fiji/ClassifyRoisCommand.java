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
 * probability (ROI properties and group, Class and Probability columns) and a colour per class on the overlay.
 */
@Plugin(type = Command.class, menuPath = ClassifyRoisCommand.TITLE + "...", initializer = "init")
public class ClassifyRoisCommand extends DynamicCommand {

    static final String TITLE = "Classify ROIs (CNN)";

    @Parameter(label = "Image", persist = false)
    private ImagePlus input;

    @Parameter
    private String model = ClassificationOption.MODEL.defaultText();

    @Parameter
    private int margin = (Integer) ClassificationOption.MARGIN.defaultValue();

    @Parameter
    private boolean square_crops = (Boolean) ClassificationOption.SQUARE_CROPS.defaultValue();

    @Parameter
    private boolean tta = (Boolean) ClassificationOption.TTA.defaultValue();

    @Parameter
    private String device = SegmentationOption.DEVICE.defaultText();

    /** ROIs to classify instead of the ROI Manager's (scripts, tests); not shown in dialogs. */
    @Parameter(required = false, persist = false, visibility = org.scijava.ItemVisibility.INVISIBLE)
    private Roi[] rois;

    @Parameter(type = ItemIO.OUTPUT)
    private int classified;

    protected void init() {
        OptionInputs.describe(this, List.of(ClassificationOption.MODEL, ClassificationOption.MARGIN, ClassificationOption.SQUARE_CROPS,
                ClassificationOption.TTA, SegmentationOption.DEVICE));
        OptionInputs.modelChoices(this, "model", true);
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
                    .set(ClassificationOption.SQUARE_CROPS, String.valueOf(square_crops))
                    .set(ClassificationOption.TTA, String.valueOf(tta)).build();
            // The ROI Manager's ROIs come with the Results of the command that made them; given ROIs start a new table.
            ResultsTable measurements = rois == null ? ResultsTable.getResultsTable() : null;
            ResultsTable table = Classify.rois(input, list, measurements, model,
                    new RuntimeOptions((ComputeDevice) SegmentationOption.DEVICE.parse(device), 0, 0, Precision.FLOAT32), options,
                    progress, UserMessages::log);
            if (rm != null) rm.repaint();
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
