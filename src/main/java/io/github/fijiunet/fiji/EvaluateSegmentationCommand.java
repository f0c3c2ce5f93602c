package io.github.fijiunet.fiji;

import ij.measure.ResultsTable;
import io.github.fijiunet.eval.EvaluationReport;
import io.github.fijiunet.eval.FolderEvaluation;
import io.github.fijiunet.workflow.OutputFolder;
import io.github.fijiunet.workflow.ResultsTables;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;

/**
 * Evaluate Segmentation as a SciJava command (menu entry and macro label as for
 * {@link SegmentCellsCommand}): label images in a prediction folder against
 * the same-named ground truth ({@link FolderEvaluation}); one row per image plus the pooled row,
 * shown as the "Results" table and optionally saved as CSV.
 */
@Plugin(type = Command.class, menuPath = EvaluateSegmentationCommand.TITLE + "...")
public class EvaluateSegmentationCommand extends ContextCommand {

    static final String TITLE = "Evaluate Segmentation";

    @Parameter(label = "Prediction folder (label images)", style = "directory")
    private File prediction_dir;

    @Parameter(label = "Ground-truth folder (label images)", style = "directory")
    private File truth_dir;

    @Parameter(label = "Save CSV (optional)", style = "save", required = false)
    private File csv;

    @Parameter(type = ItemIO.OUTPUT)
    private double mean_ap;

    @Parameter(type = ItemIO.OUTPUT)
    private ResultsTable table;

    @Override
    public void run() {
        ImageJProgress progress = new ImageJProgress(this::isCanceled, null);
        try {
            if (prediction_dir == null || truth_dir == null) {
                throw new io.github.fijiunet.InvalidInputException("Choose the prediction folder and the ground-truth folder.");
            }
            if (csv != null) OutputFolder.checkFile(csv.toPath(), false, OutputFolder.Wording.CSV_OPTION); // before the evaluation, not after
            EvaluationReport report = FolderEvaluation.evaluate(prediction_dir.toPath(), truth_dir.toPath(), progress);
            if (csv != null) report.writeCsv(csv.toPath(), false);
            table = ResultsTables.of(report);
            mean_ap = table.getValue("mean_ap", table.size() - 1);
            SegmentCells.showResults(table);
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            cancel(UserMessages.message(e));
            UserMessages.report(TITLE, e);
        } finally {
            progress.done();
        }
    }
}
