package io.github.fijiunet.train;

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
    /** confusion[truth][predicted], pixels or images. */
    private final long[][] confusion;

    public Metrics(Task task, int channels) {
        this.task = task;
        this.channels = channels;
        int classes = channels == 1 ? 2 : channels;
        this.confusion = new long[classes][classes];
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
            }
            confusion[truth][predicted]++;
        }
    }

    private int argMax(float[] values, int offset) {
        int best = 0;
        for (int c = 1; c < channels; c++) if (values[offset + c] > values[offset + best]) best = c;
        return best;
    }

    public long[][] confusionMatrix() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < copy.length; i++) copy[i] = confusion[i].clone();
        return copy;
    }

    public Map<String, Double> values() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (task == Task.CLASSIFICATION) {
            m.put("accuracy", accuracy());
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

    private double accuracy() {
        long right = 0;
        long all = 0;
        for (int t = 0; t < confusion.length; t++) {
            for (int p = 0; p < confusion.length; p++) {
                all += confusion[t][p];
                if (t == p) right += confusion[t][p];
            }
        }
        return all == 0 ? 0 : (double) right / all;
    }

    /** IoU of the pixel set whose class is in {@code positive}. */
    private double iou(boolean[] positive) {
        long intersection = 0;
        long union = 0;
        for (int t = 0; t < confusion.length; t++) {
            for (int p = 0; p < confusion.length; p++) {
                if (positive[t] && positive[p]) intersection += confusion[t][p];
                if (positive[t] || positive[p]) union += confusion[t][p];
            }
        }
        return union == 0 ? 1 : (double) intersection / union;
    }
}
