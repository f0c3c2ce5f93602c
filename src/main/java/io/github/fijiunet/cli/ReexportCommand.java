package io.github.fijiunet.cli;

import io.github.fijiunet.FijiUnetException;
import io.github.fijiunet.InvalidOptionException;
import io.github.fijiunet.engine.Engines;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.train.ImageFolders;
import io.github.fijiunet.train.ReexportCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fiji-unet reexport}: rewrites model folders with the current inference graph, keeping their weights ({@link io.github.fijiunet.engine.TrainingEngine#reexport}). */
@Command(name = "reexport", mixinStandardHelpOptions = true,
        description = {"Rewrite U-Net / U-Net++ model folders with this version's faster inference graph (batch norm"
                + " folded into the convolutions, concatenations convolved per part) and its bfloat16 twin, restoring"
                + " their own weights (no retraining). Each new graph is compared with the old one on a random input and on --check-images"
                + " before it replaces the folder's SavedModel; the model card gets a line saying so."})
public final class ReexportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "MODEL", arity = "1..*", description = "Model folders (or names of bundled models) to rewrite in place.")
    private List<String> models;

    @Option(names = "--check-images", paramLabel = "DIR", description = "Folder of images (TIFF/PNG) to compare the old and new outputs on.")
    private Path checkImages;

    @Option(names = "--tolerance", defaultValue = "1e-4", description = "Largest allowed absolute probability difference. Default: ${DEFAULT-VALUE}.")
    private double tolerance;

    @Option(names = "--export-head", paramLabel = "N", description = "U-Net++ with deep supervision, exported as the average of its"
            + " heads: export head N (1 = shallowest .. depth = the full network) alone instead, weights unchanged. Tune the model"
            + " again afterwards: its post-processing defaults were chosen for the old output.")
    private Integer exportHead;

    @Override
    public Integer call() {
        if (!(tolerance >= 0)) {
            throw new InvalidOptionException("--tolerance must be 0 or more, got " + tolerance + "; the default 1e-4 allows float rounding.");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Path> images = checkImages == null ? List.of() : ImageFolders.listImages(checkImages);
        String command = "fiji-unet " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        for (String model : models) {
            Path dir = ModelCatalog.standard().resolve(model);
            try {
                ReexportCheck check = Engines.tensorFlow().reexport(dir, images, tolerance,
                        exportHead == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(exportHead), command);
                out.printf("%s: re-exported; largest probability difference %.2g (float32), %.2g (bfloat16) on %d input(s)%s.%n", dir,
                        check.maxDifference, check.maxBfloat16Difference, check.inputs,
                        exportHead == null ? "" : " (the graph as it was exported); now head " + exportHead
                                + " alone: tune it again (fiji-unet tune --model " + dir + " ...)");
            } catch (IOException e) {
                throw new FijiUnetException("Cannot rewrite the model folder " + dir + ": " + e.getMessage()
                        + ". Check the disk space and permissions.", e);
            }
        }
        return 0;
    }
}
