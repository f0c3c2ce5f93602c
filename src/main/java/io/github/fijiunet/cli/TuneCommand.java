package io.github.fijiunet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.bioimageio.BioImageIoPackage;
import io.github.fijiunet.eval.PostProcessingTuning;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.segment.SegmentationOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fiji-unet tune}: chooses a model's post-processing defaults on images with ground truth
 * ({@link PostProcessingTuning}) and writes them into its {@value ModelDescriptor#FILE_NAME}, where
 * every front end takes them for the options its user does not set.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Choose a segmentation model's post-processing defaults (threshold, seeds, minimum size, fill holes)",
                "on images with ground-truth labels, by a coordinate search of AP, and write them into the model's",
                ModelDescriptor.FILE_NAME + " (\"postProcessing\"). Tune on the training split; keep the validation split",
                "for `fiji-unet evaluate`. Options given later to segment, batch, the dialogs or macros still win."})
public final class TuneCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME|DIR", description = "The model to tune (a name in the models folder or a model folder).")
    private String model;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "Raw images (same file names as the truth).")
    private Path images;

    @Option(names = "--truth", required = true, paramLabel = "DIR", description = "Ground-truth label TIFFs.")
    private Path truth;

    @Option(names = "--objective", paramLabel = "ap50|mean_ap", description = "What to maximise, pooled over the images (default: ${DEFAULT-VALUE}).")
    private String objective = "ap50";

    @Option(names = "--max-images", paramLabel = "N", description = "Use at most N images, evenly spread over the folder (default: ${DEFAULT-VALUE}).")
    private int maxImages = 100;

    @Option(names = "--tta", description = "Tune on test-time augmented probabilities (8 flips/rotations averaged), for a model you run with tta;"
            + " the defaults are then chosen for that output, and recorded as such.")
    private boolean tta;

    @Option(names = "--dry-run", description = "Print the tuned values without writing them into the model.")
    private boolean dryRun;

    @Override
    public Integer call() {
        PostProcessingTuning.Objective goal = PostProcessingTuning.Objective.parse(objective);
        Path dir = ModelCatalog.standard().resolve(model);
        if (BioImageIoPackage.runsAsPackage(dir)) {
            throw new InvalidInputException(dir + " is a bioimage.io package, which has no " + ModelDescriptor.FILE_NAME
                    + " to hold tuned defaults. Tune a fiji-unet model folder, or pass the options when you segment.");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        PostProcessingTuning.Result result;
        try (LoadedModel loaded = ModelLoading.load(dir.toString(), SegmentationOptions.defaults().runtime(), err)) {
            result = PostProcessingTuning.tune(loaded, SegmentationOptions.builder().testTimeAugmentation(tta).build(), images, truth, goal, maxImages,
                    new ConsoleProgress(err));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%d images, %d settings scored in %.0f s%n", result.images, result.trials, seconds);
        out.printf(Locale.ROOT, "start: %s %.4f  (%s)%n", goal.label(), result.startScore, result.start);
        for (PostProcessingTuning.Step s : result.steps) {
            out.printf(Locale.ROOT, "  round %d: %s=%s -> %.4f%n", s.round, s.option.key(), s.value, s.score);
        }
        out.printf(Locale.ROOT, "tuned: %s %.4f%n", goal.label(), result.bestScore);
        Map<String, String> tuned = result.postProcessing();
        tuned.forEach((k, v) -> out.println("  " + k + "=" + v));
        if (dryRun) {
            out.println("--dry-run: " + dir.resolve(ModelDescriptor.FILE_NAME) + " left as it was.");
        } else {
            ModelDescriptor descriptor = ModelDescriptor.read(dir);
            descriptor.postProcessing(tuned, provenance(result, seconds)).replace(dir);
            out.println("wrote the tuned defaults into " + dir.resolve(ModelDescriptor.FILE_NAME));
        }
        out.flush();
        return 0;
    }

    private JsonObject provenance(PostProcessingTuning.Result result, double seconds) {
        JsonObject t = new JsonObject();
        t.addProperty("objective", result.objective.name().toLowerCase(Locale.ROOT));
        t.addProperty("score", result.bestScore);
        t.addProperty("startScore", result.startScore);
        t.addProperty("images", result.images);
        t.addProperty("imageFolder", images.toString());
        t.addProperty("truthFolder", truth.toString());
        t.addProperty("settingsScored", result.trials);
        t.addProperty("testTimeAugmentation", tta);
        t.addProperty("seconds", Math.round(seconds));
        JsonArray steps = new JsonArray();
        for (PostProcessingTuning.Step s : result.steps) steps.add("round " + s.round + ": " + s.option.key() + "=" + s.value + " -> "
                + String.format(Locale.ROOT, "%.4f", s.score));
        t.add("steps", steps);
        t.addProperty("command", OptionFlags.typedCommand(spec));
        t.addProperty("date", Instant.now().toString());
        return t;
    }
}
