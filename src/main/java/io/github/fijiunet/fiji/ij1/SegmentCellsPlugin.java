package io.github.fijiunet.fiji.ij1;

import ij.WindowManager;
import ij.gui.GenericDialog;
import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.fiji.ImageJProgress;
import io.github.fijiunet.fiji.SegmentCells;
import io.github.fijiunet.fiji.SegmentCellsSettings;
import io.github.fijiunet.fiji.UserMessages;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.workflow.SegmentationOutput;

import java.util.List;

/**
 * ImageJ 1.x entry of "Segment Cells (U-Net)" (registered in {@code plugins.config}), for plain
 * ImageJ and macros:
 * <pre>run("Segment Cells (U-Net)", "model=nuclei-unet threshold=0.5 min_size=20 clear_roi_manager=true");</pre>
 * Options missing from the string keep their defaults; keys are those of {@link SegmentationOption}
 * and {@link InstanceOption}. Segments the active image with the same core as the SciJava command.
 */
public class SegmentCellsPlugin extends Ij1Command {

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
        progress.outcome(SegmentCells.TITLE + ": " + out.summary());
    }

    /** The options the dialog shows (the 3-class and seed tuning and threads stay macro-only); outputs after "Outputs". */
    public static final List<OptionSpec> DIALOG = List.of(SegmentationOption.CHANNEL, SegmentationOption.OBJECT_DIAMETER, SegmentationOption.NORMALIZE, SegmentationOption.PERCENTILE_LOW,
            SegmentationOption.PERCENTILE_HIGH, InstanceOption.THRESHOLD, InstanceOption.METHOD, InstanceOption.MIN_SIZE,
            InstanceOption.MAX_SIZE, InstanceOption.FILL_HOLES, InstanceOption.EXCLUDE_BORDER, SegmentationOption.TILE_SIZE,
            SegmentationOption.DEVICE, SegmentationOption.PRECISION, SegmentationOption.TTA);
    public static final List<OptionSpec> OUTPUTS = List.of(SegmentationOption.LABEL_IMAGE, SegmentationOption.ROI_MANAGER,
            SegmentationOption.CLEAR_ROI_MANAGER, SegmentationOption.OVERLAY, SegmentationOption.RESULTS, SegmentationOption.PROBABILITY_MAP,
            SegmentationOption.UNCERTAINTY_MAP);

    /** Where the dialog keeps its last settings (ImageJ's preferences). */
    static final String PREFS_KEY = "fijiunet.segment.options";

    /** The dialog, made from the option definitions and showing the last settings; null when cancelled. */
    private static SegmentCellsSettings dialogSettings() {
        SegmentCellsSettings s = Ij1Dialogs.lastSettings(PREFS_KEY, List.of(), SegmentCells.TITLE);
        GenericDialog gd = new GenericDialog(SegmentCells.TITLE);
        java.awt.Choice model = Ij1Dialogs.addModelFields(gd, SegmentationOption.MODEL, s.model(), false);
        Ij1Dialogs.addPixelSizeNote(gd, WindowManager.getCurrentImage());
        Ij1Dialogs.addFieldsFollowingModel(gd, model, DIALOG, s);
        gd.addMessage("Outputs");
        for (OptionSpec o : OUTPUTS) Ij1Dialogs.addField(gd, o, s.text(o));
        List<OptionSpec> shown = new java.util.ArrayList<>(List.of(SegmentationOption.MODEL));
        shown.addAll(DIALOG);
        shown.addAll(OUTPUTS);
        gd.addHelp(Ij1Dialogs.help(SegmentCells.TITLE, "Segments the cells or nuclei of the current image with a U-Net model: a label "
                + "image, one ROI per object in the ROI Manager, outlines on the image and a Results row per object.", shown));
        gd.showDialog();
        if (gd.wasCanceled()) return null;
        s.set(SegmentationOption.MODEL, Ij1Dialogs.readModel(gd));
        for (OptionSpec o : DIALOG) s.set(o, Ij1Dialogs.readField(gd, o));
        for (OptionSpec o : OUTPUTS) s.set(o, Ij1Dialogs.readField(gd, o));
        s.toOptions(); // validate with the core's own messages
        Ij1Dialogs.remember(PREFS_KEY, s.toMap());
        return s;
    }
}
