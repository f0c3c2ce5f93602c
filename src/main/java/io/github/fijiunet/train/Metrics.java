package io.github.fijiunet.train;

import io.github.fijiunet.eval.ConfusionMatrix;
import io.github.fijiunet.model.Task;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates evaluation metrics over batches of predicted probabilities and one-hot targets.
 * Classification: accuracy and a confusion matrix. Semantic: foreground IoU and Dice at 0.5.
 * Instance: foreground IoU (arg-max not background), interior IoU, boundary IoU and pixel accuracy.
 */
public final class Metrics {

    private final Task task;
    private final int channels;
    /** Pixels or images per (truth, predicted) class. */
    private final ConfusionMatrix confusion;
    /** Classification: how many top probabilities fell in each 1/{@value #CONFIDENCE_BINS} bin, for their median. */
    private final long[] confidence = new long[CONFIDENCE_BINS];
    /** Classification, per 1/{@value #CALIBRATION_BINS} bin of the top probability: samples, right answers, summed top probability. */
    private final long[] calibrationCount = new long[CALIBRATION_BINS];
    private final long[] calibrationCorrect = new long[CALIBRATION_BINS];
    private final double[] calibrationConfidence = new double[CALIBRATION_BINS];

    static final int CONFIDENCE_BINS = 1000;
    /** The usual 15 equal-width bins of the expected calibration error (Guo et al. 2017). */
    static final int CALIBRATION_BINS = 15;

    public Metrics(Task task, int channels) {
        this.task = task;
        this.channels = channels;
        int classes = channels == 1 ? 2 : channels;
        this.confusion = new ConfusionMatrix(classes);
    }

    /** Adds {@code count} predictions: {@code probabilities} and {@code targets} share the layout [count, channels]. */
    public void add(float[] probabilities, float[] targets, int count) {
        for (int i = 0; i < count; i++) {
            int truth;
            int predicted;
            if (channels == 1) {
                truth = targets[i] > 0.5f ? 1 : 0;
                predicted = probabilities[i] > 0.5f ? 1 : 0;
            } else {
                truth = argMax(targets, i * channels);
                predicted = argMax(probabilities, i * channels);
                if (task == Task.CLASSIFICATION) {
                    float top = probabilities[i * channels + predicted];
                    confidence[Math.min(CONFIDENCE_BINS - 1, Math.max(0, (int) (top * CONFIDENCE_BINS)))]++;
                    int bin = Math.min(CALIBRATION_BINS - 1, Math.max(0, (int) (top * CALIBRATION_BINS)));
                    calibrationCount[bin]++;
                    if (truth == predicted) calibrationCorrect[bin]++;
                    calibrationConfidence[bin] += top;
                }
            }
            confusion.add(truth, predicted);
        }
    }

    private int argMax(float[] values, int offset) {
        int best = 0;
        for (int c = 1; c < channels; c++) if (values[offset + c] > values[offset + best]) best = c;
        return best;
    }

    public ConfusionMatrix confusionMatrix() {
        return confusion;
    }

    public Map<String, Double> values() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (task == Task.CLASSIFICATION) {
            m.put("accuracy", accuracy());
            m.put(MEDIAN_CONFIDENCE, medianConfidence());
            m.put(CALIBRATION_ERROR, calibrationError());
        } else if (task == Task.SEMANTIC) {
            double iou = iou(new boolean[] {false, true});
            m.put("foreground_iou", iou);
            m.put("foreground_dice", 2 * iou / (1 + iou));
        } else {
            m.put("foreground_iou", iou(new boolean[] {false, true, true}));
            m.put("interior_iou", iou(new boolean[] {false, false, true}));
            m.put("boundary_iou", iou(new boolean[] {false, true, false}));
            m.put("pixel_accuracy", accuracy());
        }
        return m;
    }

    /**
     * Key of the median top probability over the evaluated images: how sure the classifier is of
     * data like its own, which Classify ROIs compares with how sure it is of the user's objects.
     */
    public static final String MEDIAN_CONFIDENCE = "median_confidence";

    /** Key of the expected calibration error: how far the top probability is from the accuracy, on average over the samples. */
    public static final String CALIBRATION_ERROR = "calibration_error";

    /** Σ over bins of |accuracy − mean top probability| weighted by the bin's share of the samples; 0 before any prediction. */
    private double calibrationError() {
        long total = 0;
        for (long c : calibrationCount) total += c;
        double error = 0;
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            if (calibrationCount[b] == 0) continue;
            error += Math.abs(calibrationCorrect[b] - calibrationConfidence[b]) / total;
        }
        return error;
    }

    /** The median top probability (to 1/{@value #CONFIDENCE_BINS}); 0 before any prediction. */
    private double medianConfidence() {
        long total = 0;
        for (long c : confidence) total += c;
        long seen = 0;
        for (int b = 0; b < CONFIDENCE_BINS; b++) {
            seen += confidence[b];
            if (total > 0 && 2 * seen >= total) return (b + 0.5) / CONFIDENCE_BINS;
        }
        return 0;
    }

    /** 0 rather than NaN before any prediction, so that an empty validation set still gives a number. */
    private double accuracy() {
        return confusion.total() == 0 ? 0 : confusion.accuracy();
    }

    /** IoU of the pixel set whose class is in {@code positive}. */
    private double iou(boolean[] positive) {
        long intersection = 0;
        long union = 0;
        for (int t = 0; t < confusion.classCount(); t++) {
            for (int p = 0; p < confusion.classCount(); p++) {
                if (positive[t] && positive[p]) intersection += confusion.count(t, p);
                if (positive[t] || positive[p]) union += confusion.count(t, p);
            }
        }
        return union == 0 ? 1 : (double) intersection / union;
    }
}
