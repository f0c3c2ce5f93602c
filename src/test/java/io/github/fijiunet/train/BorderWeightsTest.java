package io.github.fijiunet.train;

import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BorderWeightsTest {

    private static final int W = 70;
    private static final int H = 40;

    /** Two squares 2 px apart and a third far away. */
    private static int[] objects() {
        int[] labels = new int[W * H];
        for (int y = 10; y < 20; y++) {
            for (int x = 5; x < 15; x++) labels[y * W + x] = 1;
            for (int x = 17; x < 27; x++) labels[y * W + x] = 2;
            for (int x = 55; x < 62; x++) labels[y * W + x] = 3;
        }
        return labels;
    }

    /** 1 + w0·exp(−(d1 + d2)²/2σ²) from every object's every pixel, as the U-Net paper defines it. */
    private static double bruteForce(int[] labels, int x, int y, double w0) {
        double[] d = new double[4];
        java.util.Arrays.fill(d, Double.POSITIVE_INFINITY);
        for (int i = 0; i < labels.length; i++) {
            int k = labels[i];
            if (k != 0) d[k] = Math.min(d[k], Math.hypot(i % W - x, i / W - y));
        }
        double[] sorted = java.util.Arrays.copyOfRange(d, 1, 4);
        java.util.Arrays.sort(sorted);
        double gap = sorted[0] + sorted[1];
        return 1 + w0 * Math.exp(-gap * gap / (2 * SegmentationDataset.BORDER_SIGMA * SegmentationDataset.BORDER_SIGMA));
    }

    @Test
    void gapsBetweenNearlyTouchingObjectsWeighMostAndInteriorsOne() {
        int[] labels = objects();
        byte[] classes = LabelTargets.instanceClasses(labels, W, H);
        float[] weights = SegmentationDataset.borderWeights(labels, classes, W, H, 10, SegmentationDataset.BORDER_SIGMA);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                if (classes[i] == LabelTargets.INTERIOR) {
                    assertEquals(1f, weights[i], "interior (" + x + ", " + y + ")");
                } else {
                    // Objects beyond 4 sigma of a pixel are not looked at: they would add at most 10·e^-8.
                    assertEquals(bruteForce(labels, x, y, 10), weights[i], 0.004, "(" + x + ", " + y + ")");
                }
            }
        }
        float gap = weights[15 * W + 15];
        assertEquals(1 + 10 * Math.exp(-9.0 / 50), gap, 1e-5, "1 px from one square, 2 from the other");
        assertTrue(weights[15 * W + 40] < 1.1, "background far from any two objects: " + weights[15 * W + 40]);
    }

    /** Training patches carry the weights as the sum of each pixel's target row (its class one-hot times its weight). */
    @Test
    void patchTargetsCarryThePixelWeights() {
        int[] labels = objects();
        float[] image = new float[W * H];
        for (int i = 0; i < image.length; i++) image[i] = labels[i] != 0 ? 100 : 10;
        SegmentationDataset plain = new SegmentationDataset(Task.INSTANCE,
                List.of(SegmentationDataset.sample("two squares", W, H, image, labels, Task.INSTANCE, Normalization.minMax())), "test");
        SegmentationDataset weighted = plain.withBorderWeights(10);
        Batch a = plain.randomBatch(new Random(3), 2, 32, Augmentation.NONE);
        Batch b = weighted.randomBatch(new Random(3), 2, 32, Augmentation.NONE);
        double plainSum = 0;
        double weightedSum = 0;
        for (int p = 0; p < a.targets.length / 3; p++) {
            float row = a.targets[3 * p] + a.targets[3 * p + 1] + a.targets[3 * p + 2];
            assertEquals(1f, row, "a one-hot row");
            float weightedRow = b.targets[3 * p] + b.targets[3 * p + 1] + b.targets[3 * p + 2];
            assertTrue(weightedRow >= 1f);
            for (int c = 0; c < 3; c++) assertEquals(a.targets[3 * p + c] > 0, b.targets[3 * p + c] > 0, "the same class");
            plainSum += row;
            weightedSum += weightedRow;
        }
        assertTrue(weightedSum > plainSum * 1.05, "the patches hold weighted pixels: " + weightedSum + " vs " + plainSum);
    }
}
