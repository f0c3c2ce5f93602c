package io.github.fijiunet.fiji;

import ij.measure.ResultsTable;
import io.github.fijiunet.model.ComputeDevice;
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

    @Parameter(label = "Model")
    private String model = (String) SegmentationOption.MODEL.defaultValue();

    @Parameter(label = "Threshold")
    private String threshold = InstanceOption.THRESHOLD.defaultText();

    @Parameter(label = "Instance method")
    private String method = InstanceOption.METHOD.defaultText();

    @Parameter(label = "Minimum size", min = "0")
    private long min_size = (Long) InstanceOption.MIN_SIZE.defaultValue();

    @Parameter(label = "Maximum size", min = "0")
    private long max_size = (Long) InstanceOption.MAX_SIZE.defaultValue();

    @Parameter(label = "Tile size", min = "0")
    private int tile_size = (Integer) SegmentationOption.TILE_SIZE.defaultValue();

    @Parameter(label = "Device", choices = {"CPU", "GPU"})
    private String device = ((ComputeDevice) SegmentationOption.DEVICE.defaultValue()).name();

    @Parameter(label = "Arithmetic", choices = {"float32", "bfloat16"})
    private String precision = SegmentationOption.PRECISION.defaultText();

    @Parameter(label = "Overwrite existing outputs")
    private boolean overwrite = false;

    @Parameter(type = ItemIO.OUTPUT)
    private int processed;

    @Parameter(type = ItemIO.OUTPUT)
    private int skipped;

    protected void init() {
        ClassifyImageCommand.modelChoices(this, "model");
        java.util.List<String> methods = new java.util.ArrayList<>();
        for (io.github.fijiunet.post.InstanceMethod m : io.github.fijiunet.post.InstanceMethod.values()) methods.add(m.key());
        getInfo().getMutableInput("method", String.class).setChoices(methods);
        ClassifyImageCommand.label(this, "model", SegmentationOption.MODEL.label());
        ClassifyImageCommand.label(this, "threshold", InstanceOption.THRESHOLD.label());
        ClassifyImageCommand.label(this, "method", InstanceOption.METHOD.label());
        ClassifyImageCommand.label(this, "min_size", InstanceOption.MIN_SIZE.label());
        ClassifyImageCommand.label(this, "max_size", InstanceOption.MAX_SIZE.label());
        ClassifyImageCommand.label(this, "tile_size", SegmentationOption.TILE_SIZE.label());
        ClassifyImageCommand.label(this, "device", SegmentationOption.DEVICE.label());
        ClassifyImageCommand.label(this, "precision", SegmentationOption.PRECISION.label());
    }

    @Override
    public void run() {
        ImageJProgress progress = new ImageJProgress(this::isCanceled, null);
        try {
            SegmentCellsSettings s = new SegmentCellsSettings();
            s.model = model;
            s.tileSize = tile_size;
            s.device = ComputeDevice.parse(device);
            s.precision = io.github.fijiunet.model.Precision.parse(precision);
            s.instance.put(InstanceOption.THRESHOLD, threshold);
            s.instance.put(InstanceOption.METHOD, method);
            s.instance.put(InstanceOption.MIN_SIZE, String.valueOf(min_size));
            s.instance.put(InstanceOption.MAX_SIZE, String.valueOf(max_size));
            BatchReport report = SegmentCells.batch(input_dir == null ? null : input_dir.toPath(),
                    output_dir == null ? null : output_dir.toPath(), s, overwrite, OutputFolder.Wording.DIALOG, progress, UserMessages::log);
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
