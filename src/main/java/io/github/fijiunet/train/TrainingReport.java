package io.github.fijiunet.train;

import io.github.fijiunet.model.Precision;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What a finished training run produced: the model folder and the numbers that describe the run. */
public final class TrainingReport {

    final Path modelDir;
    final String network;
    final long parameterCount;
    final double flopsPerPixel;
    final long steps;
    final int epochsRun;
    final int bestEpoch;
    final double bestValidationLoss;
    final boolean stoppedEarly;
    final double trainSeconds;
    final double wallSeconds;
    final double samplesPerSecond;
    final double flopsPerSecond;
    final Precision precision;
    final Map<String, Double> validationMetrics;
    final Map<String, Double> testMetrics;
    final List<EpochResult> history;

    TrainingReport(Path modelDir, String network, long parameterCount, double flopsPerPixel, long steps, int epochsRun, int bestEpoch,
            double bestValidationLoss, boolean stoppedEarly, double trainSeconds, double wallSeconds, double samplesPerSecond,
            double flopsPerSecond, Precision precision, Map<String, Double> validationMetrics, Map<String, Double> testMetrics, List<EpochResult> history) {
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
        return String.format("%s: %d steps, best epoch %d (val loss %.4f), validation %s%s, %.1f samples/s (%s), ~%.1f GFLOP/s, %.0f s",
                modelDir, steps, bestEpoch, bestValidationLoss, validationMetrics, testMetrics == null ? "" : ", test " + testMetrics,
                samplesPerSecond, precision.text(), flopsPerSecond / 1e9, wallSeconds);
    }
}
