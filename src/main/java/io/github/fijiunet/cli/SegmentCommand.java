package io.github.fijiunet.cli;

import ij.ImagePlus;
import io.github.fijiunet.io.ImageFiles;
import io.github.fijiunet.io.TiffPlaneFile;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.segment.BlockSegmenter;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.workflow.ImageSegmentation;
import io.github.fijiunet.workflow.OutputFolder;
import io.github.fijiunet.workflow.SegmentationOutput;
import io.github.fijiunet.workflow.StreamedSegmentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code fiji-unet segment}: one image → label TIFF, ROI zip, results CSV and overlay PNG in a folder. */
@Command(name = "segment", header = "Segment one image; save labels, ROIs, measurements and an overlay.",
        mixinStandardHelpOptions = true, modelTransformer = SegmentationFlags.class, sortOptions = false,
        description = {"Segment one image (every Z/T plane) with a U-Net model and save",
                "<name>_labels.tif, _rois.zip, _results.csv and _overlay.png in --output.",
                "Planes above 64 megapixels (segmented in blocks) and TIFF stacks larger",
                "than a quarter of the heap (read a plane at a time) write only _labels.tif",
                "and _results.csv, streamed, so memory stays bounded by one plane.",
                "Normalisation is the model's own unless --normalize or a percentile is given.",
                "Prints the object count; progress and the device used go to stderr."})
public final class SegmentCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "IMAGE", description = "The image to segment (TIFF, PNG, JPEG).")
    private Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder for the results (created if needed).")
    private Path output;

    @Option(names = "--overwrite", description = "Replace results of an earlier run; without it existing files are never touched.")
    private boolean overwrite;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SegmentationOptions options = SegmentationFlags.options(spec);
        String baseName = ImageFiles.baseName(input);
        OutputFolder.check(output, SegmentationOutput.filesFor(output, baseName), overwrite, OutputFolder.Wording.CLI);
        // A plane beyond the block-wise limit in an uncompressed TIFF is read in place, block by block, never loaded whole.
        Optional<TiffPlaneFile> inPlace = TiffPlaneFile.open(input);
        if (inPlace.isPresent() && (long) inPlace.get().width() * inPlace.get().height() > BlockSegmenter.BLOCKWISE_PIXELS) {
            try (TiffPlaneFile plane = inPlace.get();
                 LoadedModel model = ModelLoading.load(SegmentationFlags.model(spec), options.runtime(), err)) {
                BlockSegmenter.Summary summary = StreamedSegmentation.run(plane, model, options, output, baseName, overwrite, new ConsoleProgress(err));
                return streamed(summary, plane.width(), plane.height(), 1, baseName);
            }
        }
        inPlace.ifPresent(TiffPlaneFile::close);
        ImagePlus imp = ImageFiles.openLargeStacksVirtually(input);
        String planes = ImageSegmentation.planesNote(imp);
        if (planes != null) err.println(input.getFileName() + ": " + planes + ".");
        if (StreamedSegmentation.appliesTo(imp)) {
            try (LoadedModel model = ModelLoading.load(SegmentationFlags.model(spec), options.runtime(), err)) {
                BlockSegmenter.Summary summary = StreamedSegmentation.run(imp, model, options, output, baseName, overwrite, new ConsoleProgress(err));
                return streamed(summary, imp.getWidth(), imp.getHeight(), imp.getStackSize(), baseName);
            }
        }
        List<Path> files = SegmentationOutput.filesFor(output, baseName);
        try (LoadedModel model = ModelLoading.load(SegmentationFlags.model(spec), options.runtime(), err)) {
            SegmentationOutput result = ImageSegmentation.run(imp, model, options, new ConsoleProgress(err));
            result.save(output, baseName, overwrite);
            out.println(result.objectCount() + " objects in " + input.getFileName() + " (" + result.planes().size() + " plane(s))");
            for (Path f : files) out.println("wrote " + f);
            out.flush();
            return 0;
        }
    }

    private int streamed(BlockSegmenter.Summary summary, int width, int height, int planeCount, String baseName) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(summary.objectCount() + " objects in " + input.getFileName() + " (" + width + "x" + height
                + ", " + planeCount + " plane(s); labels and measurements streamed, no ROI set or overlay)");
        if (summary.cutObjectCount() > 0) {
            out.println(summary.cutObjectCount() + " objects were larger than the " + BlockSegmenter.OVERLAP
                    + " px block overlap and may be cut at block borders");
        }
        for (Path f : StreamedSegmentation.filesFor(output, baseName)) out.println("wrote " + f);
        out.flush();
        return 0;
    }
}
