package io.github.fijiunet.cli;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.workflow.BatchItem;
import io.github.fijiunet.workflow.BatchReport;
import io.github.fijiunet.workflow.BatchSegmentation;
import io.github.fijiunet.workflow.BatchStatus;
import io.github.fijiunet.workflow.OutputFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code fiji-unet batch}: every image of a folder → outputs per image plus summary.csv. */
@Command(name = "batch", header = "Segment every image of a folder; write outputs and summary.csv.",
        mixinStandardHelpOptions = true, modelTransformer = SegmentationFlags.class, sortOptions = false,
        description = {"Segment every image (tif, tiff, png, jpg) of a folder, in name order, with one",
                "model: per image the files of 'segment', then summary.csv (file, planes,",
                "objects, mean_area, status, message). Files that are not images, unreadable",
                "or unsuitable are skipped with the reason in the summary.",
                "Exit code 1 when no image could be segmented."})
public final class BatchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Folder of images.")
    private Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder for the results (created if needed; not the input folder).")
    private Path output;

    @Option(names = "--overwrite", description = "Replace results of an earlier run; without it the batch refuses to start if any exist.")
    private boolean overwrite;

    @Option(names = "--resume", description = "Continue a stopped batch: keep the images whose results are complete, segment the rest.")
    private boolean resume;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SegmentationOptions options = SegmentationFlags.options(spec);
        BatchSegmentation batch = BatchSegmentation.prepare(input, output, overwrite, resume, OutputFolder.Wording.CLI);
        BatchReport report;
        try (LoadedModel model = ModelLoading.load(SegmentationFlags.model(spec), options.runtime(), err)) {
            report = batch.run(model, options, new ConsoleProgress(err));
        }
        print(report, resume ? " kept from the earlier run, " : null, input.toString(), out, err);
        return 0;
    }

    /**
     * A batch's outcome on the command line (also {@code spark}'s): each file not segmented with its
     * reason, the counts ({@code kept} names the kept ones, null leaves them out) and the summary's
     * path; a batch where no image could be segmented is an error.
     */
    static void print(BatchReport report, String kept, String input, PrintWriter out, PrintWriter err) {
        for (BatchItem item : report.items()) {
            if (item.status() != BatchStatus.OK && item.status() != BatchStatus.KEPT) err.println(item.status() + " " + item.file() + ": " + item.message());
        }
        out.println(report.items().size() + " files: " + report.count(BatchStatus.OK) + " segmented, "
                + (kept != null ? report.count(BatchStatus.KEPT) + kept : "") + report.count(BatchStatus.SKIPPED)
                + " skipped, " + report.count(BatchStatus.FAILED) + " failed; " + report.totalObjects() + " objects");
        out.println("wrote " + report.summaryFile());
        out.flush();
        if (report.count(BatchStatus.OK) + report.count(BatchStatus.KEPT) == 0) {
            throw new InvalidInputException("No image in " + input + " could be segmented; the reasons are in " + report.summaryFile() + ".");
        }
    }
}
