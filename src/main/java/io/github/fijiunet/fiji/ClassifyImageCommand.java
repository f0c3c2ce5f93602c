package io.github.fijiunet.fiji;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.predict.ClassificationOption;
import io.github.fijiunet.predict.ClassificationOptions;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.workflow.Classify;
import io.github.fijiunet.workflow.ResultsTables;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.DynamicCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.util.List;

/**
 * Classify Image (CNN) as a SciJava command (menu entry and macro label as for
 * {@link SegmentCellsCommand}): each plane of the image gets a class and its probability.
 */
@Plugin(type = Command.class, menuPath = ClassifyImageCommand.TITLE + "...", initializer = "init")
public class ClassifyImageCommand extends DynamicCommand {

    static final String TITLE = "Classify Image (CNN)";

    @Parameter(label = "Image", persist = false)
    private ImagePlus input;

    @Parameter
    private String model = ClassificationOption.MODEL.defaultText();

    @Parameter
    private boolean tta = (Boolean) ClassificationOption.TTA.defaultValue();

    @Parameter
    private String device = SegmentationOption.DEVICE.defaultText();

    @Parameter(type = ItemIO.OUTPUT)
    private String class_name;

    @Parameter(type = ItemIO.OUTPUT)
    private double probability;

    protected void init() {
        OptionInputs.describe(this, List.of(ClassificationOption.MODEL, ClassificationOption.TTA, SegmentationOption.DEVICE));
        OptionInputs.modelChoices(this, "model", true);
    }

    @Override
    public void run() {
        ImageJProgress progress = new ImageJProgress(this::isCanceled, null);
        try {
            ResultsTable table = Classify.image(input, model, new io.github.fijiunet.model.RuntimeOptions(ComputeDevice.parse(device), 0, 0, io.github.fijiunet.model.Precision.FLOAT32),
                    ClassificationOptions.builder().testTimeAugmentation(tta).build(), progress, UserMessages::log);
            class_name = table.getStringValue(ResultsTables.CLASS, 0);
            probability = table.getValue(ResultsTables.PROBABILITY, 0);
            SegmentCells.showResults(table);
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            cancel(UserMessages.message(e));
            UserMessages.report(TITLE, e);
        } finally {
            progress.done();
        }
    }
}
