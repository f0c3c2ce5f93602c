package io.github.fijiunet.fiji.ij1;

import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.eval.EvaluationReport;
import io.github.fijiunet.eval.FolderEvaluation;
import io.github.fijiunet.fiji.ImageJProgress;
import io.github.fijiunet.fiji.MacroOptions;
import io.github.fijiunet.fiji.SegmentCells;
import io.github.fijiunet.fiji.UserMessages;
import io.github.fijiunet.workflow.OutputFolder;
import io.github.fijiunet.workflow.ResultsTables;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ImageJ 1.x entry of "Evaluate Segmentation" (plugins.config):
 * <pre>run("Evaluate Segmentation", "prediction_dir=[/data/pred] truth_dir=[/data/truth] csv=[/data/scores.csv]");</pre>
 * Same keys and core as the SciJava command: one Results row per image, then the pooled row;
 * an existing CSV is never replaced.
 */
public class EvaluatePlugin extends Ij1Command {

    static final String TITLE = "Evaluate Segmentation";
    static final String PREDICTION_DIR = "prediction_dir";
    static final String TRUTH_DIR = "truth_dir";
    static final String CSV = "csv";

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
        MacroOptions m = MacroOptions.parse(options);
        String prediction = m.get(PREDICTION_DIR, null);
        String truth = m.get(TRUTH_DIR, null);
        if (prediction == null || truth == null) {
            throw new InvalidInputException("Give " + PREDICTION_DIR + "=[folder] and " + TRUTH_DIR + "=[folder] (label images with the same names).");
        }
        String csv = m.get(CSV, "");
        if (!csv.isBlank()) OutputFolder.checkFile(Path.of(csv), false, OutputFolder.Wording.CSV_OPTION); // before the evaluation, not after
        EvaluationReport report = FolderEvaluation.evaluate(Path.of(prediction), Path.of(truth), progress);
        if (!csv.isBlank()) report.writeCsv(Path.of(csv), false);
        ResultsTable table = ResultsTables.of(report);
        SegmentCells.showResults(table);
        UserMessages.log(TITLE + ": " + report.images().size() + " images, mean AP " + report.summary().meanAveragePrecision());
    }

    @Override
    String showDialog(String arg) {
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addDirectoryField("Prediction folder (label images)", "");
        gd.addDirectoryField("Ground-truth folder (label images)", "");
        gd.addFileField("Save CSV (optional)", "");
        gd.showDialog();
        if (gd.wasCanceled()) return null;
        Map<String, String> values = new LinkedHashMap<>();
        values.put(PREDICTION_DIR, gd.getNextString());
        values.put(TRUTH_DIR, gd.getNextString());
        values.put(CSV, gd.getNextString());
        return Ij1Dialogs.recordAndJoin(values);
    }
}
