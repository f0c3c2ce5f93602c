package io.github.fijiunet.fiji.ij1;

import ij.IJ;
import ij.WindowManager;
import ij.gui.GenericDialog;
import io.github.fijiunet.OptionValues;
import io.github.fijiunet.fiji.ImageJProgress;
import io.github.fijiunet.fiji.SegmentCells;
import io.github.fijiunet.fiji.SegmentCellsSettings;
import io.github.fijiunet.fiji.UserMessages;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.post.InstanceMethod;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.workflow.SegmentationOutput;

import java.util.ArrayList;
import java.util.List;

/**
 * ImageJ 1.x entry of "Segment Cells (U-Net)" (registered in {@code plugins.config}), for plain
 * ImageJ and macros:
 * <pre>run("Segment Cells (U-Net)", "model=nuclei-unet threshold=0.5 min_size=20 clear_roi_manager=true");</pre>
 * Options missing from the string keep their defaults; keys are those of {@link SegmentationOption}
 * and {@link InstanceOption}. Segments the active image with the same core as the SciJava command.
 */
public class SegmentCellsPlugin extends Ij1Command {

    static final String CUSTOM = "(custom folder)";

    @Override
    String title(String arg) {
        return SegmentCells.TITLE;
    }

    @Override
    boolean needsImage(String arg) {
        return true;
    }

    @Override
    String showDialog(String arg) {
        SegmentCellsSettings settings = dialogSettings();
        return settings == null ? null : Ij1Dialogs.recordAndJoin(settings.toMap());
    }

    @Override
    void execute(String arg, String options, ImageJProgress progress) {
        SegmentCellsSettings settings = SegmentCellsSettings.fromMacro(options, List.of(), SegmentCells.TITLE);
        SegmentationOutput out = SegmentCells.segment(WindowManager.getCurrentImage(), settings, progress, UserMessages::log);
        SegmentCells.present(out, settings, true, UserMessages::log);
        IJ.showStatus(SegmentCells.TITLE + ": " + out.objectCount() + " objects");
    }

    /** The dialog, labelled and filled from the option enums; null when cancelled. */
    private static SegmentCellsSettings dialogSettings() {
        SegmentCellsSettings s = new SegmentCellsSettings();
        List<String> models = new ArrayList<>(ModelCatalog.standard().names());
        models.add(CUSTOM);
        GenericDialog gd = new GenericDialog(SegmentCells.TITLE);
        gd.addChoice(SegmentationOption.MODEL.label(), models.toArray(new String[0]),
                models.contains(s.model) ? s.model : models.get(0));
        gd.addDirectoryField("Custom model folder", "");
        gd.addCheckbox(SegmentationOption.NORMALIZE.label(), s.normalize);
        gd.addNumericField(SegmentationOption.PERCENTILE_LOW.label(), s.percentileLow, 2);
        gd.addNumericField(SegmentationOption.PERCENTILE_HIGH.label(), s.percentileHigh, 2);
        gd.addStringField(InstanceOption.THRESHOLD.label(), s.instance.get(InstanceOption.THRESHOLD));
        String[] methods = new String[InstanceMethod.values().length];
        for (int i = 0; i < methods.length; i++) methods[i] = InstanceMethod.values()[i].key();
        gd.addChoice(InstanceOption.METHOD.label(), methods, s.instance.get(InstanceOption.METHOD));
        gd.addNumericField(InstanceOption.MIN_SIZE.label(), Double.parseDouble(s.instance.get(InstanceOption.MIN_SIZE)), 0);
        gd.addNumericField(InstanceOption.MAX_SIZE.label(), Double.parseDouble(s.instance.get(InstanceOption.MAX_SIZE)), 0);
        gd.addCheckbox(InstanceOption.FILL_HOLES.label(), OptionValues.parseBoolean(InstanceOption.FILL_HOLES.key(), s.instance.get(InstanceOption.FILL_HOLES)));
        gd.addCheckbox(InstanceOption.EXCLUDE_BORDER.label(), OptionValues.parseBoolean(InstanceOption.EXCLUDE_BORDER.key(), s.instance.get(InstanceOption.EXCLUDE_BORDER)));
        gd.addNumericField(SegmentationOption.TILE_SIZE.label(), s.tileSize, 0);
        gd.addChoice(SegmentationOption.DEVICE.label(), new String[] {ComputeDevice.CPU.name(), ComputeDevice.GPU.name()}, s.device.name());
        gd.addChoice(SegmentationOption.PRECISION.label(), new String[] {"float32", "bfloat16"}, s.precision.text());
        gd.addMessage("Outputs");
        gd.addCheckbox(SegmentationOption.LABEL_IMAGE.label(), s.labelImage);
        gd.addCheckbox(SegmentationOption.ROI_MANAGER.label(), s.roiManager);
        gd.addCheckbox(SegmentationOption.CLEAR_ROI_MANAGER.label(), s.clearRoiManager);
        gd.addCheckbox(SegmentationOption.OVERLAY.label(), s.overlay);
        gd.addCheckbox(SegmentationOption.RESULTS.label(), s.results);
        gd.addCheckbox(SegmentationOption.PROBABILITY_MAP.label(), s.probabilityMap);
        gd.addHelp("https://github.com/fiji-unet/fiji-unet#readme");
        gd.showDialog();
        if (gd.wasCanceled()) return null;
        String model = gd.getNextChoice();
        String folder = gd.getNextString().trim();
        s.model = CUSTOM.equals(model) ? folder : model;
        s.normalize = gd.getNextBoolean();
        s.percentileLow = gd.getNextNumber();
        s.percentileHigh = gd.getNextNumber();
        s.instance.put(InstanceOption.THRESHOLD, gd.getNextString().trim());
        s.instance.put(InstanceOption.METHOD, gd.getNextChoice());
        s.instance.put(InstanceOption.MIN_SIZE, String.valueOf((long) gd.getNextNumber()));
        s.instance.put(InstanceOption.MAX_SIZE, String.valueOf((long) gd.getNextNumber()));
        s.instance.put(InstanceOption.FILL_HOLES, String.valueOf(gd.getNextBoolean()));
        s.instance.put(InstanceOption.EXCLUDE_BORDER, String.valueOf(gd.getNextBoolean()));
        s.tileSize = (int) gd.getNextNumber();
        s.device = ComputeDevice.parse(gd.getNextChoice());
        s.precision = Precision.parse(gd.getNextChoice());
        s.labelImage = gd.getNextBoolean();
        s.roiManager = gd.getNextBoolean();
        s.clearRoiManager = gd.getNextBoolean();
        s.overlay = gd.getNextBoolean();
        s.results = gd.getNextBoolean();
        s.probabilityMap = gd.getNextBoolean();
        s.toOptions(); // validate with the core's own messages
        return s;
    }
}
