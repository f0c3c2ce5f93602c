package io.github.fijiunet.fiji.ij1;

import ij.gui.GenericDialog;
import io.github.fijiunet.fiji.ImageJProgress;
import io.github.fijiunet.fiji.MacroOptions;
import io.github.fijiunet.fiji.SegmentCells;
import io.github.fijiunet.fiji.SegmentCellsSettings;
import io.github.fijiunet.fiji.UserMessages;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.workflow.BatchReport;
import io.github.fijiunet.workflow.BatchStatus;
import io.github.fijiunet.workflow.OutputFolder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ImageJ 1.x entry of "Batch Segment Folder" (plugins.config):
 * <pre>run("Batch Segment Folder", "input_dir=[/data/in] output_dir=[/data/out] model=nuclei-unet threshold=0.5");</pre>
 * Takes every "Segment Cells (U-Net)" key plus {@value #INPUT_DIR}, {@value #OUTPUT_DIR} and
 * {@value #OVERWRITE}; the work is {@link io.github.fijiunet.workflow.BatchSegmentation}.
 */
public class BatchSegmentPlugin extends Ij1Command {

    static final String TITLE = "Batch Segment Folder";
    static final String INPUT_DIR = "input_dir";
    static final String OUTPUT_DIR = "output_dir";
    static final String OVERWRITE = "overwrite";

    @Override
    String title(String arg) {
        return TITLE;
    }

    @Override
    boolean needsImage(String arg) {
        return false;
    }

    @Override
    void execute(String arg, String options, ImageJProgress progress) {
        SegmentCellsSettings settings = SegmentCellsSettings.fromMacro(options, List.of(INPUT_DIR, OUTPUT_DIR, OVERWRITE), TITLE);
        MacroOptions m = MacroOptions.parse(options);
        String in = m.get(INPUT_DIR, null);
        String out = m.get(OUTPUT_DIR, null);
        BatchReport report = SegmentCells.batch(in == null ? null : Path.of(in), out == null ? null : Path.of(out), settings,
                m.getBoolean(OVERWRITE, false), OutputFolder.Wording.BATCH_MACRO, progress, UserMessages::log);
        UserMessages.log(TITLE + ": " + report.count(BatchStatus.OK) + " of " + report.items().size() + " images segmented, "
                + report.totalObjects() + " objects; summary in " + report.summaryFile());
    }

    /** The dialog; returns the option string it stands for (also recorded), or null when cancelled. */
    @Override
    String showDialog(String arg) {
        SegmentCellsSettings s = new SegmentCellsSettings();
        List<String> models = new ArrayList<>(ModelCatalog.standard().names());
        models.add(SegmentCellsPlugin.CUSTOM);
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addDirectoryField("Input folder", "");
        gd.addDirectoryField("Output folder", "");
        gd.addChoice(SegmentationOption.MODEL.label(), models.toArray(new String[0]), models.contains(s.model) ? s.model : models.get(0));
        gd.addDirectoryField("Custom model folder", "");
        gd.addStringField(InstanceOption.THRESHOLD.label(), s.instance.get(InstanceOption.THRESHOLD));
        gd.addNumericField(InstanceOption.MIN_SIZE.label(), Double.parseDouble(s.instance.get(InstanceOption.MIN_SIZE)), 0);
        gd.addCheckbox("Overwrite existing outputs", false);
        gd.showDialog();
        if (gd.wasCanceled()) return null;
        Map<String, String> values = new LinkedHashMap<>();
        values.put(INPUT_DIR, gd.getNextString());
        values.put(OUTPUT_DIR, gd.getNextString());
        String model = gd.getNextChoice();
        String folder = gd.getNextString();
        values.put(SegmentationOption.MODEL.key(), SegmentCellsPlugin.CUSTOM.equals(model) ? folder : model);
        values.put(InstanceOption.THRESHOLD.key(), gd.getNextString().trim());
        values.put(InstanceOption.MIN_SIZE.key(), String.valueOf((long) gd.getNextNumber()));
        values.put(OVERWRITE, String.valueOf(gd.getNextBoolean()));
        return Ij1Dialogs.recordAndJoin(values);
    }

}
