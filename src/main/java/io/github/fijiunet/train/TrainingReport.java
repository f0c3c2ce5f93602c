package io.github.fijiunet.train;

import io.github.fijiunet.model.Precision;
import io.github.fijiunet.predict.Temperature;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What a finished training run produced: the model folder and the numbers that describe the run. */
public final class TrainingReport {

    public final Path modelDir;
    public final String network;
    public final long parameterCount;
    public final double flopsPerPixel;
    public final long steps;
    public final int epochsRun;
    public final int bestEpoch;
    public final double bestValidationLoss;
    public final boolean stoppedEarly;
    public final double trainSeconds;
    public final double wallSeconds;
    public final double samplesPerSecond;
    public final double flopsPerSecond;
    public final Precision precision;
    public final Map<String, Double> validationMetrics;
    public final Map<String, Double> testMetrics;
    public final List<EpochResult> history;
    /** A classifier's calibration on the validation set, or null (segmentation). */
    public final Temperature.Fit calibration;
    /** The test metrics before calibration, or null when there is no test set or no calibration. */
    public final Map<String, Double> uncalibratedTestMetrics;

    public TrainingReport(Path modelDir, String network, long parameterCount, double flopsPerPixel, long steps, int epochsRun, int bestEpoch,
            double bestValidationLoss, boolean stoppedEarly, double trainSeconds, double wallSeconds, double samplesPerSecond,
            double flopsPerSecond, Precision precision, Map<String, Double> validationMetrics, Map<String, Double> testMetrics, List<EpochResult> history,
            Temperature.Fit calibration, Map<String, Double> uncalibratedTestMetrics) {
        this.modelDir = modelDir;
        this.network = network;
        this.parameterCount = parameterCount;
        this.flopsPerPixel = flopsPerPixel;
        this.steps = steps;
        this.epochsRun = epochsRun;
        this.bestEpoch = bestEpoch;
        this.bestValidationLoss = bestValidationLoss;
        this.stoppedEarly = stoppedEarly;
        this.trainSeconds = trainSeconds;
        this.wallSeconds = wallSeconds;
        this.samplesPerSecond = samplesPerSecond;
        this.flopsPerSecond = flopsPerSecond;
        this.precision = precision;
        this.validationMetrics = validationMetrics;
        this.testMetrics = testMetrics;
        this.history = history;
        this.calibration = calibration;
        this.uncalibratedTestMetrics = uncalibratedTestMetrics;
    }

    public Path modelDir() { return modelDir; }

    public long parameterCount() { return parameterCount; }

    public long steps() { return steps; }

    public int bestEpoch() { return bestEpoch; }

    public double bestValidationLoss() { return bestValidationLoss; }

    /** Metrics of the exported model on the validation set (whole images for segmentation). */
    public Map<String, Double> validationMetrics() { return validationMetrics; }

    /** Metrics on the test set, or null when none was given. */
    public Map<String, Double> testMetrics() { return testMetrics; }

    public double samplesPerSecond() { return samplesPerSecond; }

    public double flopsPerSecond() { return flopsPerSecond; }

    /** The arithmetic the training steps ran in (float32 where bfloat16 was asked for but not offered). */
    public Precision precision() { return precision; }

    public List<EpochResult> history() { return history; }

    public String summary() {
        return String.format(java.util.Locale.ROOT, "%s: %d steps, best epoch %d (val loss %.4f), validation %s%s, %.1f samples/s (%s), "
                + "~%.1f GFLOP/s, %.0f s", modelDir, steps, bestEpoch, bestValidationLoss, rounded(validationMetrics),
                testMetrics == null ? "" : ", test " + rounded(testMetrics), samplesPerSecond, precision.text(), flopsPerSecond / 1e9, wallSeconds);
    }

    /** {@code accuracy 0.9213, median_confidence 0.9990}: metrics as people read them (the card keeps full precision). */
    private static String rounded(Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(m.getKey()).append(' ').append(String.format(java.util.Locale.ROOT, "%.4f", m.getValue()));
        }
        return sb.toString();
    }
}
