package io.github.fijiunet.engine.tf.train;

import io.github.fijiunet.train.Architecture;
import io.github.fijiunet.train.Augmentation;
import io.github.fijiunet.train.Dataset;
import io.github.fijiunet.train.EpochResult;
import io.github.fijiunet.train.Metrics;
import io.github.fijiunet.train.SegmentationDataset;
import io.github.fijiunet.train.TrainingOptions;
import io.github.fijiunet.train.TrainingReport;
import com.google.gson.JsonObject;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.engine.tf.net.NetworkBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Writes a model folder's {@code fiji-unet.json} and {@code MODEL_CARD.md} from a finished run. */
final class ModelCard {

    static final String FILE_NAME = "MODEL_CARD.md";

    private ModelCard() {}

    static void writeDescriptor(Path dir, TrainingOptions options, NetworkBuilder builder, Dataset training, TrainingReport report)
            throws IOException {
        ModelDescriptor d = ModelDescriptor.create(options.modelName, training.task(),
                        new ModelDescriptor.Port(ModelExporter.INPUT, builder.inputChannels()),
                        new ModelDescriptor.Port(ModelExporter.OUTPUT, builder.outputChannels()))
                .description(options.description)
                .classes(training.classNames())
                .normalization(options.normalization)
                .tileMultiple(builder.tileMultiple())
                .halo(builder.halo())
                .activationBytesPerPixel(builder.activationBytesPerPixel())
                .outputActivation(builder.outputActivation())
                .bfloat16Signature(ModelExporter.BFLOAT16_SIGNATURE);
        int[] fixed = builder.fixedInputSize();
        if (fixed != null) d.inputSize(fixed[0], fixed[1]);
        if (report.calibration != null) d.temperature(Math.round(report.calibration.temperature() * 1e4) / 1e4);
        if (training.task() == Task.CLASSIFICATION) d.symmetries(symmetries(options.augmentation));
        if (training.objectDiameter() > 0) d.objectDiameter(Math.round(training.objectDiameter() * 10) / 10.0);
        JsonObject t = new JsonObject();
        t.addProperty("architecture", options.architecture.name().toLowerCase());
        t.addProperty("network", builder.summary());
        if (options.architecture != Architecture.CNN) {
            t.addProperty("depth", options.depth);
            t.addProperty("baseFilters", options.baseFilters);
        }
        t.addProperty("parameters", report.parameterCount);
        t.addProperty("flopsPerPixel", report.flopsPerPixel);
        t.addProperty("data", training.describe());
        t.addProperty("seed", options.seed);
        t.addProperty("steps", report.steps);
        t.addProperty("epochs", report.epochsRun);
        t.addProperty("bestEpoch", report.bestEpoch);
        t.addProperty("samplesPerSecond", report.samplesPerSecond);
        t.addProperty("precision", report.precision.text());
        t.add("validation", metricsJson(report.validationMetrics));
        if (report.testMetrics != null) t.add("test", metricsJson(report.testMetrics));
        if (report.uncalibratedTestMetrics != null) t.add("testUncalibrated", metricsJson(report.uncalibratedTestMetrics));
        if (report.calibration != null) {
            JsonObject c = new JsonObject();
            c.addProperty("temperature", report.calibration.temperature());
            c.addProperty("validationLossBefore", report.calibration.lossBefore());
            c.addProperty("validationLossAfter", report.calibration.lossAfter());
            t.add("calibration", c);
        }
        t.addProperty("command", options.reproduceCommand);
        t.addProperty("date", Instant.now().toString());
        d.training(t).write(dir);
    }

    /** The symmetries the augmentation trained the classifier to ignore, for its test-time augmentation. */
    static List<String> symmetries(Augmentation augmentation) {
        List<String> names = new ArrayList<>();
        if (augmentation.horizontalFlips) names.add(ModelDescriptor.HORIZONTAL_FLIP);
        if (augmentation.verticalFlips) names.add(ModelDescriptor.VERTICAL_FLIP);
        if (augmentation.rotations) names.add(ModelDescriptor.ROTATION_90);
        return names;
    }

    private static JsonObject metricsJson(Map<String, Double> metrics) {
        JsonObject o = new JsonObject();
        metrics.forEach(o::addProperty);
        return o;
    }

    static void write(Path dir, TrainingOptions o, NetworkBuilder builder, Dataset training, Dataset validation, Dataset test,
            TrainingReport r, Metrics testMetrics) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(o.modelName).append("\n\n");
        if (!o.description.isBlank()) md.append(o.description).append("\n\n");
        md.append("## Model\n\n");
        md.append("- Task: ").append(training.task().name().toLowerCase()).append("; classes: ").append(training.classNames()).append('\n');
        md.append("- Network: ").append(builder.summary()).append('\n');
        md.append(String.format("- Parameters: %,d; forward cost %.1f kFLOP per input pixel; folder size %.1f MB%n",
                r.parameterCount, r.flopsPerPixel / 1e3, folderSize(dir) / 1e6));
        md.append("- Input: `input`, float32 NHWC, ").append(builder.inputChannels()).append(" channel(s), normalisation ")
                .append(o.normalization).append(builder.fixedInputSize() != null
                        ? ", fixed size " + builder.fixedInputSize()[1] + "×" + builder.fixedInputSize()[0]
                        : ", any height/width that is a multiple of " + builder.tileMultiple()).append('\n');
        md.append("- Output: `output`, ").append(builder.outputChannels()).append(" channel(s) of ").append(builder.outputActivation())
                .append(" probabilities; suggested tile halo ").append(builder.halo()).append(" px\n\n");
        md.append("## Data\n\n");
        md.append("- Training: ").append(training.describe()).append('\n');
        if (training.objectDiameter() > 0) {
            md.append(String.format(java.util.Locale.ROOT, "- Object size: median diameter %.1f px (2·sqrt(area/π) of the training objects), "
                    + "recorded as `objectDiameter` for Segment Cells' `object_diameter`%n", training.objectDiameter()));
        }
        md.append("- Validation: ").append(validation.describe()).append('\n');
        if (test != null) md.append("- Test: ").append(test.describe()).append('\n');
        md.append("\n## Training\n\n");
        if (training.task() != Task.CLASSIFICATION) md.append("- Patches ").append(o.patchSize).append("×").append(o.patchSize).append(", ");
        else md.append("- ");
        md.append("batch ").append(o.batchSize).append(", seed ").append(o.seed).append(", augmentation: ").append(o.augmentation).append('\n');
        md.append("- Loss: ").append(lossText(training.task(), o)).append('\n');
        md.append("- Adam, learning rate ").append(o.learningRate).append(", schedule ").append(o.schedule.name().toLowerCase())
                .append(", early-stopping patience ").append(o.earlyStoppingPatience).append(" epochs")
                .append(o.initFrom != null ? ", initialised from " + o.initFrom : "").append('\n');
        md.append(String.format("- Ran %d steps (%d epochs of %d planned%s); best epoch %d, validation loss %.4f%n", r.steps, r.epochsRun,
                o.epochs, r.stoppedEarly ? ", stopped early" : "", r.bestEpoch, r.bestValidationLoss));
        md.append(String.format("- Wall time %.0f s (optimisation steps %.0f s); %.1f samples/s; estimated %.1f GFLOP/s "
                        + "(3 × forward FLOPs per step) on %d thread(s) of %s, %s convolutions%n",
                r.wallSeconds, r.trainSeconds, r.samplesPerSecond, r.flopsPerSecond / 1e9, o.threads, cpuName(),
                r.precision.text()));
        md.append("\n## Results\n\n");
        md.append("Computed with the exported SavedModel").append(training.task() == Task.CLASSIFICATION ? "" : " on whole images")
                .append(" (best epoch):\n\n");
        md.append("- Validation: ").append(formatMetrics(r.validationMetrics)).append('\n');
        if (r.testMetrics != null) md.append("- Test: ").append(formatMetrics(r.testMetrics)).append('\n');
        if (r.calibration != null) {
            md.append(String.format(java.util.Locale.ROOT, "- Calibration: softmax temperature %.3f (`temperature` in %s), fitted on the "
                    + "validation set: its log-loss %.4f → %.4f%s. The figures above are of the calibrated probabilities; classes "
                    + "do not change.%n", r.calibration.temperature(), ModelDescriptor.FILE_NAME, r.calibration.lossBefore(),
                    r.calibration.lossAfter(), r.uncalibratedTestMetrics == null ? "" : "; uncalibrated test: "
                            + formatMetrics(r.uncalibratedTestMetrics)));
        }
        if (testMetrics != null && training.task() == Task.CLASSIFICATION) {
            md.append("\nTest confusion matrix (rows: true class, columns: predicted):\n\n")
                    .append(Evaluator.confusionTable(testMetrics, training.classNames()));
        }
        md.append("\n### Epochs\n\n| epoch | step | train loss | val loss | val metrics |\n|---:|---:|---:|---:|---|\n");
        for (EpochResult e : r.history) {
            md.append(String.format("| %d%s | %d | %.4f | %.4f | %s |%n", e.epoch, e.improved ? "*" : "", e.step, e.trainLoss,
                    e.validationLoss, formatMetrics(e.validationMetrics)));
        }
        md.append("\n(* = new best validation loss; during training validation uses fixed crops, not whole images.)\n");
        if (!o.reproduceCommand.isBlank()) md.append("\n## Reproduce\n\n```\n").append(o.reproduceCommand).append("\n```\n");
        Files.writeString(dir.resolve(FILE_NAME), md.toString(), StandardCharsets.UTF_8);
    }

    private static String lossText(Task task, TrainingOptions o) {
        switch (task) {
            case SEMANTIC:
                return "binary cross-entropy + " + o.diceWeight + " × (1 − soft Dice)";
            case INSTANCE:
                return "softmax cross-entropy, boundary pixels weighted " + o.boundaryWeight
                        + (o.borderWeight > 0 ? ", pixels between nearly touching objects up to " + o.borderWeight + " more (sigma "
                        + SegmentationDataset.BORDER_SIGMA + " px)" : "")
                        + (o.smallObjectWeight > 1 ? ", objects smaller than the median weighted sqrt(median / area) up to "
                        + o.smallObjectWeight : "");
            default:
                return "softmax cross-entropy";
        }
    }

    private static String formatMetrics(Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        metrics.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(String.format(" %.4f", v)));
        return sb.toString();
    }

    private static long folderSize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static String cpuName() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }
}
