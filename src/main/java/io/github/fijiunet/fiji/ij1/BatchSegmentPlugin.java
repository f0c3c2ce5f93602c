package io.github.fijiunet.fiji.ij1;

import ij.gui.GenericDialog;
import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.fiji.ImageJProgress;
import io.github.fijiunet.fiji.MacroOptions;
import io.github.fijiunet.fiji.SegmentCells;
import io.github.fijiunet.fiji.SegmentCellsSettings;
import io.github.fijiunet.fiji.UserMessages;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.workflow.BatchReport;
import io.github.fijiunet.workflow.BatchStatus;
import io.github.fijiunet.workflow.OutputFolder;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ImageJ 1.x entry of "Batch Segment Folder" (plugins.config):
 * <pre>run("Batch Segment Folder", "input_dir=[/data/in] output_dir=[/data/out] model=nuclei-unet threshold=0.5");</pre>
 * Takes every "Segment Cells (U-Net)" key plus {@value #INPUT_DIR}, {@value #OUTPUT_DIR},
 * {@value #OVERWRITE} and {@value #RESUME}; the work is {@link io.github.fijiunet.workflow.BatchSegmentation}.
 */
public class BatchSegmentPlugin extends Ij1Command {

    static final String TITLE = "Batch Segment Folder";
    static final String INPUT_DIR = "input_dir";
    static final String OUTPUT_DIR = "output_dir";
    static final String OVERWRITE = "overwrite";
    static final String RESUME = "resume";
    /** Where the dialog keeps its last settings (ImageJ's preferences). */
    static final String PREFS_KEY = "fijiunet.batch.options";

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
        SegmentCellsSettings settings = SegmentCellsSettings.fromMacro(options, List.of(INPUT_DIR, OUTPUT_DIR, OVERWRITE, RESUME), TITLE);
        MacroOptions m = MacroOptions.parse(options);
        String in = m.get(INPUT_DIR, null);
        String out = m.get(OUTPUT_DIR, null);
        BatchReport report = SegmentCells.batch(in == null ? null : Path.of(in), out == null ? null : Path.of(out), settings,
                m.getBoolean(OVERWRITE, false), m.getBoolean(RESUME, false), OutputFolder.Wording.BATCH_MACRO, progress, UserMessages::log);
        String outcome = TITLE + ": " + report.count(BatchStatus.OK) + " of " + report.items().size() + " images segmented, "
                + report.totalObjects() + " objects; summary in " + report.summaryFile();
        UserMessages.log(outcome);
        progress.outcome(outcome);
    }

    /** The options the dialog shows besides the folders and the model. */
    private static final List<OptionSpec> DIALOG = List.of(SegmentationOption.CHANNEL, SegmentationOption.OBJECT_DIAMETER, InstanceOption.THRESHOLD, InstanceOption.MIN_SIZE);

    /** The dialog; returns the option string it stands for (also recorded), or null when cancelled. */
    @Override
    String showDialog(String arg) {
        SegmentCellsSettings s = Ij1Dialogs.lastSettings(PREFS_KEY, List.of(INPUT_DIR, OUTPUT_DIR, OVERWRITE, RESUME), TITLE);
        MacroOptions last = Ij1Dialogs.lastOptions(PREFS_KEY);
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addDirectoryField("Input folder", last.get(INPUT_DIR, ""));
        gd.addDirectoryField("Output folder", last.get(OUTPUT_DIR, ""));
        java.awt.Choice model = Ij1Dialogs.addModelFields(gd, SegmentationOption.MODEL, s.model(), false);
        Ij1Dialogs.addFieldsFollowingModel(gd, model, DIALOG, s);
        gd.addCheckbox("Overwrite existing outputs", false);
        gd.addCheckbox("Resume: keep the images whose outputs are complete", false);
        gd.addHelp(Ij1Dialogs.help(TITLE, "Segments every image of the input folder and writes label TIFFs, ROI sets, results CSVs and "
                + "summary.csv to the output folder; existing results are kept unless overwrite is ticked.", DIALOG));
        gd.showDialog();
        if (gd.wasCanceled()) return null;
        Map<String, String> values = new LinkedHashMap<>();
        values.put(INPUT_DIR, gd.getNextString());
        values.put(OUTPUT_DIR, gd.getNextString());
        values.put(SegmentationOption.MODEL.key(), Ij1Dialogs.readModel(gd));
        for (OptionSpec o : DIALOG) values.put(o.key(), o.text(o.parse(Ij1Dialogs.readField(gd, o))));
        values.put(OVERWRITE, String.valueOf(gd.getNextBoolean()));
        values.put(RESUME, String.valueOf(gd.getNextBoolean()));
        return Ij1Dialogs.recordAndRemember(PREFS_KEY, values);
    }
}
