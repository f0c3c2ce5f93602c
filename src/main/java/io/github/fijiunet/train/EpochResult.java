package io.github.fijiunet.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** One epoch's summary: mean training loss, validation loss and metrics, speed. */
public final class EpochResult {

    public final int epoch;
    public final int totalEpochs;
    public final long step;
    public final double trainLoss;
    public final double validationLoss;
    public final Map<String, Double> validationMetrics;
    public final double learningRate;
    public final double samplesPerSecond;
    public final boolean improved;

    public EpochResult(int epoch, int totalEpochs, long step, double trainLoss, double validationLoss, Map<String, Double> validationMetrics,
            double learningRate, double samplesPerSecond, boolean improved) {
        this.epoch = epoch;
        this.totalEpochs = totalEpochs;
        this.step = step;
        this.trainLoss = trainLoss;
        this.validationLoss = validationLoss;
        this.validationMetrics = new LinkedHashMap<>(validationMetrics);
        this.learningRate = learningRate;
        this.samplesPerSecond = samplesPerSecond;
        this.improved = improved;
    }

    public int epoch() { return epoch; }

    public long step() { return step; }

    public double trainLoss() { return trainLoss; }

    public double validationLoss() { return validationLoss; }

    public Map<String, Double> validationMetrics() { return validationMetrics; }

    public boolean improved() { return improved; }

    /** One log line, e.g. for stderr. */
    public String format() {
        StringBuilder sb = new StringBuilder(String.format("epoch %d/%d step %d  loss %.4f  val_loss %.4f", epoch, totalEpochs, step,
                trainLoss, validationLoss));
        validationMetrics.forEach((k, v) -> sb.append(String.format("  %s %.4f", k, v)));
        sb.append(String.format("  lr %.2e  %.1f samples/s%s", learningRate, samplesPerSecond, improved ? "  *best*" : ""));
        return sb.toString();
    }
}
