package io.github.fijiunet.train;

import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Objects smaller than the median weigh sqrt(median / area), capped, over any weights they had; the rest and the background 1. */
class SmallObjectWeightsTest {

    private static final int W = 40;

    /** Squares of side 2, 4, 8 and 8 (areas 4, 16, 64, 64: median 64) on one row. */
    private static int[] labels() {
        int[] labels = new int[W * W];
        int[][] squares = {{1, 1, 2}, {5, 1, 4}, {11, 1, 8}, {21, 1, 8}};
        for (int k = 0; k < squares.length; k++) {
            int[] sq = squares[k];
            for (int y = sq[1]; y < sq[1] + sq[2]; y++) for (int x = sq[0]; x < sq[0] + sq[2]; x++) labels[y * W + x] = k + 1;
        }
        return labels;
    }

    @Test
    void smallObjectsWeighUpToTheCapAndTheRestOne() {
        int[] labels = labels();
        float[] weights = SegmentationDataset.smallObjectWeights(labels, null, 64, 3);
        assertEquals(3f, weights[1 * W + 1], 1e-6, "area 4: sqrt(16) = 4, capped at 3");
        assertEquals(2f, weights[1 * W + 5], 1e-6, "area 16: sqrt(64 / 16)");
        assertEquals(1f, weights[1 * W + 11], "at the median");
        assertEquals(1f, weights[30 * W + 30], "background");
        float[] before = new float[labels.length];
        java.util.Arrays.fill(before, 1.5f);
        assertEquals(3f, SegmentationDataset.smallObjectWeights(labels, before, 64, 3)[1 * W + 5], 1e-6, "times the weight it had");
        assertEquals(1.5f, SegmentationDataset.smallObjectWeights(labels, before, 64, 3)[30 * W + 30], 1e-6);
    }

    @Test
    void theDatasetsMedianSetsTheWeightsThatPatchesCarry() {
        int[] labels = labels();
        float[] image = new float[labels.length];
        for (int i = 0; i < image.length; i++) image[i] = labels[i] != 0 ? 100 : 0;
        SegmentationDataset data = new SegmentationDataset(Task.INSTANCE, List.of(SegmentationDataset.sample("squares", W, W, image, labels,
                Task.INSTANCE, Normalization.minMax())), "test").withSmallObjectWeights(3);
        Batch b = data.randomBatch(new Random(1), 1, W, Augmentation.NONE);
        // No augmentation and a patch the image's size: the patch is the image; a target row sums to the pixel's weight.
        float sum = 0;
        int p = 1 * W + 6; // inside the 4 × 4 square
        for (int c = 0; c < 3; c++) sum += b.targets[3 * p + c];
        assertEquals(2f, sum, 1e-6);
    }
}
