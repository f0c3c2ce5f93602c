package io.github.fijiunet.fiji;

import ij.measure.ResultsTable;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.workflow.BatchReport;
import io.github.fijiunet.workflow.BatchSegmentation;
import io.github.fijiunet.workflow.BatchStatus;
import io.github.fijiunet.workflow.OutputFolder;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.DynamicCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;

/**
 * Batch Segment Folder as a SciJava command (menu entry and macro label as for
 * {@link SegmentCellsCommand}): every image of a folder through
 * {@link BatchSegmentation} (label TIFFs, ROI zips, per-image CSVs and one summary CSV; unreadable
 * files are skipped with the reason in the summary), which is then shown as a table.
 */
@Plugin(type = Command.class, menuPath = BatchSegmentCommand.TITLE + "...", initializer = "init")
public class BatchSegmentCommand extends DynamicCommand {

    static final String TITLE = "Batch Segment Folder";

    @Parameter(label = "Input folder", style = "directory")
    private File input_dir;

    @Parameter(label = "Output folder", style = "directory")
    private File output_dir;

    @Parameter(callback = "modelChanged")
    private String model = SegmentationOption.MODEL.defaultText();

    @Parameter
    private int channel = (Integer) SegmentationOption.CHANNEL.defaultValue();

    @Parameter
    private double object_diameter = (Double) SegmentationOption.OBJECT_DIAMETER.defaultValue();

    @Parameter
    private String threshold = InstanceOption.THRESHOLD.defaultText();

    @Parameter
    private String method = InstanceOption.METHOD.defaultText();

    @Parameter
    private long min_size = (Long) InstanceOption.MIN_SIZE.defaultValue();

    @Parameter
    private long max_size = (Long) InstanceOption.MAX_SIZE.defaultValue();

    @Parameter
    private int tile_size = (Integer) SegmentationOption.TILE_SIZE.defaultValue();

    @Parameter
    private String device = SegmentationOption.DEVICE.defaultText();

    @Parameter
    private String precision = SegmentationOption.PRECISION.defaultText();

    @Parameter(label = "Overwrite existing outputs")
    private boolean overwrite = false;

    @Parameter(label = "Resume: keep the images whose outputs are complete")
    private boolean resume = false;

    @Parameter(type = ItemIO.OUTPUT)
    private int processed;

    @Parameter(type = ItemIO.OUTPUT)
    private int skipped;

    protected void init() {
        OptionInputs.describe(this, SegmentCellsSettings.OPTIONS);
        OptionInputs.modelChoices(this, "model", false);
        modelChanged();
    }

    /** The post-processing inputs show the chosen model's own defaults. */
    protected void modelChanged() {
        OptionInputs.showModelDefaults(this, SegmentCellsSettings.modelDefaults(model));
    }

    @Override
    public void run() {
        ImageJProgress progress = new ImageJProgress(this::isCanceled, null);
        try {
            SegmentCellsSettings s = OptionInputs.read(this, new SegmentCellsSettings());
            BatchReport report = SegmentCells.batch(input_dir == null ? null : input_dir.toPath(),
                    output_dir == null ? null : output_dir.toPath(), s, overwrite, resume, OutputFolder.Wording.DIALOG, progress, UserMessages::log);
            processed = (int) report.count(BatchStatus.OK);
            skipped = report.items().size() - processed;
            ResultsTable summary = ResultsTable.open2(report.summaryFile().toString());
            if (summary != null && !java.awt.GraphicsEnvironment.isHeadless()) summary.show("Batch summary");
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            cancel(UserMessages.message(e));
            UserMessages.report(TITLE, e);
        } finally {
            progress.done();
        }
    }
}
