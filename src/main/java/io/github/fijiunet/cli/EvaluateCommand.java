package io.github.fijiunet.cli;

import io.github.fijiunet.InvalidOptionException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.eval.BaselineOptions;
import io.github.fijiunet.eval.EvaluationReport;
import io.github.fijiunet.eval.FolderEvaluation;
import io.github.fijiunet.eval.ImageEvaluation;
import io.github.fijiunet.eval.ObjectPolarity;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.workflow.OutputFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code fiji-unet evaluate}: scores predicted label images, or the classical baseline, against ground truth. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Compare predicted label TIFFs with ground-truth label TIFFs of the same names:",
                "pixel IoU and StarDist-style matching (AP = TP/(TP+FP+FN)) at IoU 0.50..0.95.",
                "With --baseline, first segment --images with Gaussian blur + Otsu + distance watershed;",
                "with --model, first segment --images with that model (its own post-processing defaults; --tta to augment)."})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--pred", paramLabel = "DIR", description = "Folder of predicted label TIFFs.")
    private Path predictions;

    @Option(names = "--truth", paramLabel = "DIR", required = true, description = "Folder of ground-truth label TIFFs.")
    private Path truth;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write per-image and summary rows to this CSV.")
    private Path csv;

    @Option(names = "--overwrite", description = "Replace an existing CSV.")
    private boolean overwrite;

    @Option(names = "--baseline", description = "Evaluate the classical baseline on --images instead of --pred.")
    private boolean baseline;

    @Option(names = "--model", paramLabel = "NAME|DIR", description = "Evaluate this segmentation model on --images instead of --pred.")
    private String model;

    @Option(names = "--precision", paramLabel = "float32|bfloat16", description = "With --model: the layer arithmetic (default: ${DEFAULT-VALUE}).")
    private String precision = SegmentationOption.PRECISION.defaultText();

    @Option(names = "--tta", description = "With --model: test-time augmentation (8 flips/rotations averaged).")
    private boolean tta;

    @Option(names = "--images", paramLabel = "DIR", description = "Raw images for --baseline or --model (same file names as the truth).")
    private Path images;

    @Option(names = "--sigma", description = "Baseline: Gaussian sigma in pixels (default: ${DEFAULT-VALUE}).")
    private double sigma = BaselineOptions.DEFAULT_SIGMA;

    @Option(names = "--min-size", description = "Baseline: smallest object kept, in pixels (default: ${DEFAULT-VALUE}).")
    private long minSize = BaselineOptions.DEFAULT_MIN_SIZE;

    @Option(names = "--seed-prominence", description = "Baseline: distance-map maxima prominence in pixels (default: ${DEFAULT-VALUE}).")
    private double seedProminence = BaselineOptions.DEFAULT_SEED_PROMINENCE;

    @Option(names = "--distance-sigma", description = "Baseline: smoothing of the distance map in pixels (default: ${DEFAULT-VALUE}).")
    private double distanceSigma = BaselineOptions.DEFAULT_DISTANCE_SIGMA;

    @Option(names = "--objects", description = "Baseline: auto, bright or dark objects (default: ${DEFAULT-VALUE}).")
    private String polarity = BaselineOptions.DEFAULT_POLARITY.toString();

    @Override
    public Integer call() {
        int sources = (baseline ? 1 : 0) + (predictions != null ? 1 : 0) + (model != null ? 1 : 0);
        if (sources != 1) {
            throw new InvalidOptionException("Give exactly one of --pred DIR, --baseline with --images DIR, or --model NAME with --images DIR.");
        }
        if ((baseline || model != null) && images == null) {
            throw new InvalidOptionException((baseline ? "--baseline" : "--model") + " needs --images DIR (the raw images).");
        }
        if (csv != null) OutputFolder.checkFile(csv, overwrite, OutputFolder.Wording.CLI_CSV);
        long start = System.nanoTime();
        EvaluationReport report;
        if (model != null) {
            RuntimeOptions runtime = new RuntimeOptions(ComputeDevice.CPU, 0, 0, Precision.parse(precision));
            try (LoadedModel loaded = LoadedModel.load(ModelCatalog.standard().resolve(model), runtime)) {
                loaded.warnings().forEach(spec.commandLine().getErr()::println);
                report = FolderEvaluation.evaluateModel(loaded, SegmentationOptions.builder().testTimeAugmentation(tta).build(), images, truth,
                        Progress.NONE);
            }
        } else if (baseline) {
            report = FolderEvaluation.evaluateBaseline(images, truth,
                    new BaselineOptions(sigma, minSize, seedProminence, distanceSigma, ObjectPolarity.parse(polarity)), Progress.NONE);
        } else {
            report = FolderEvaluation.evaluate(predictions, truth, Progress.NONE);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (csv != null) report.writeCsv(csv, overwrite);
        PrintWriter out = spec.commandLine().getOut();
        ImageEvaluation s = report.summary();
        out.printf(Locale.ROOT, "images: %d  truth objects: %d  predicted objects: %d  (%.1f s)%n", report.images().size(),
                s.truthObjects(), s.predictedObjects(), seconds);
        out.printf(Locale.ROOT, "pixel IoU: %.4f  AP@0.50: %.4f  AP@0.75: %.4f  mean AP (0.50:0.95): %.4f%n", s.foreground().iou(),
                s.at(0.5).averagePrecision(), s.at(0.75).averagePrecision(), s.meanAveragePrecision());
        out.printf(Locale.ROOT, "at IoU 0.50: precision %.4f  recall %.4f  F1 %.4f%n", s.at(0.5).precision(), s.at(0.5).recall(), s.at(0.5).f1());
        long empty = report.images().stream().filter(e -> e.truthObjects() == 0 && e.predictedObjects() == 0).count();
        if (empty > 0) {
            out.printf(Locale.ROOT, "%d image(s) without objects in both truth and prediction: scored as perfect (pixel IoU 1, AP 1)%n", empty);
        }
        if (csv != null) out.println("wrote " + csv);
        out.flush();
        return 0;
    }
}
