package io.github.fijiunet.train;

import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaledPatchTest {

    /** A 10 × 10 object in a 100 × 100 image, bright on dark. */
    private static SegmentationDataset square() {
        int[] labels = new int[100 * 100];
        float[] image = new float[labels.length];
        for (int y = 20; y < 30; y++) for (int x = 20; x < 30; x++) labels[y * 100 + x] = 1;
        for (int i = 0; i < image.length; i++) image[i] = labels[i] != 0 ? 100 : 0;
        return new SegmentationDataset(Task.INSTANCE, List.of(SegmentationDataset.sample("square", 100, 100, image, labels, Task.INSTANCE,
                Normalization.minMax())), "test");
    }

    /** Twice the scale: the object becomes 20 × 20, with targets made at that scale (a one-pixel boundary ring). */
    @Test
    void aPatchAtTwiceTheScaleHoldsTheObjectTwiceAsLargeWithAOnePixelBoundary() {
        SegmentationDataset data = square();
        int patch = 64;
        float[] inputs = new float[patch * patch];
        float[] targets = new float[patch * patch * 3];
        data.copyScaledPatch(data.samples().get(0), 10, 10, patch, 2, null, false, false, false, 1, 0, inputs, targets, 0);
        int[] count = new int[3];
        for (int r = 0; r < patch; r++) {
            for (int c = 0; c < patch; c++) {
                int i = r * patch + c;
                int cls = targets[3 * i + 1] == 1 ? 1 : targets[3 * i + 2] == 1 ? 2 : 0;
                assertEquals(1f, targets[3 * i] + targets[3 * i + 1] + targets[3 * i + 2], "one-hot at " + r + ", " + c);
                count[cls]++;
                boolean inside = r >= 20 && r < 40 && c >= 20 && c < 40;
                assertEquals(inside, cls != 0, "object at " + r + ", " + c);
                if (r >= 22 && r < 38 && c >= 22 && c < 38) assertEquals(1f, inputs[i], 1e-6, "bright inside");
            }
        }
        assertEquals(20 * 20 - 18 * 18, count[1], "boundary ring");
        assertEquals(18 * 18, count[2], "interior");
    }

    /** Random scaling keeps targets one-hot and changes object sizes across patches. */
    @Test
    void randomScalingVariesTheObjectSize() {
        SegmentationDataset data = square();
        java.util.Set<Integer> sizes = new java.util.HashSet<>();
        Random random = new Random(1);
        for (int k = 0; k < 40; k++) {
            Batch b = data.randomBatch(random, 1, 96, Augmentation.NONE.withZoom(1f));
            int foreground = 0;
            for (int i = 0; i < 96 * 96; i++) {
                assertEquals(1f, b.targets[3 * i] + b.targets[3 * i + 1] + b.targets[3 * i + 2]);
                if (b.targets[3 * i] == 0) foreground++;
            }
            if (foreground > 0) sizes.add(foreground);
        }
        assertTrue(sizes.size() > 5, "object sizes seen: " + sizes);
        // Unscaled, the 96² crops of the 100² image hold at most the object's own 100 pixels.
        assertTrue(sizes.stream().mapToInt(Integer::intValue).max().getAsInt() > 150, "enlarged objects: " + sizes);
    }

    /** The deformation is smooth (control points 32 px apart) with the requested spread at the control points. */
    @Test
    void elasticDisplacementIsSmoothWithTheRequestedSpread() {
        Random random = new Random(3);
        int patch = 128;
        double sumSquares = 0;
        int count = 0;
        double steepest = 0;
        for (int k = 0; k < 200; k++) {
            float[] d = SegmentationDataset.elasticDisplacement(random, patch, 2);
            for (int a = 0; a < 2; a++) {
                sumSquares += d[a] * d[a]; // the corner (0, 0) is a control point
                count++;
            }
            for (int r = 0; r < patch; r++) {
                for (int c = 1; c < patch; c++) {
                    int i = 2 * (r * patch + c);
                    steepest = Math.max(steepest, Math.abs(d[i] - d[i - 2]));
                }
            }
        }
        assertEquals(2, Math.sqrt(sumSquares / count), 0.25, "standard deviation at the control points");
        // Bilinear between control points ~31.75 px apart: neighbours differ by well under a pixel.
        assertTrue(steepest < 0.6, "steepest step " + steepest);
    }

    /** Without displacement the resampling path is the plain crop; deformed, the targets stay one-hot with a one-pixel boundary. */
    @Test
    void deformedPatchesKeepOnePixelBoundariesAndZeroDeformationIsThePlainCrop() {
        SegmentationDataset data = square();
        SegmentationDataset.Sample s = data.samples().get(0);
        int patch = 64;
        float[] plainInputs = new float[patch * patch];
        float[] plainTargets = new float[patch * patch * 3];
        float[] inputs = new float[patch * patch];
        float[] targets = new float[patch * patch * 3];
        data.copyScaledPatch(s, 5, 7, patch, 1, new float[2 * patch * patch], true, false, true, 1, 0, inputs, targets, 0);
        data.copyPatch(s, 5, 7, patch, true, false, true, 1, 0, plainInputs, plainTargets, 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(plainInputs, inputs, "image as the plain crop");
        org.junit.jupiter.api.Assertions.assertArrayEquals(plainTargets, targets, "targets as the plain crop");

        Random random = new Random(5);
        int changed = 0;
        for (int k = 0; k < 20; k++) {
            java.util.Arrays.fill(targets, 0);
            float[] d = SegmentationDataset.elasticDisplacement(random, patch, 3);
            data.copyScaledPatch(s, 0, 0, patch, 1, d, false, false, false, 1, 0, inputs, targets, 0);
            int foreground = 0;
            for (int r = 0; r < patch; r++) {
                for (int c = 0; c < patch; c++) {
                    int i = r * patch + c;
                    assertEquals(1f, targets[3 * i] + targets[3 * i + 1] + targets[3 * i + 2], "one-hot");
                    if (targets[3 * i] == 0) foreground++;
                    if (targets[3 * i + 2] == 1) {
                        // An interior pixel's four neighbours are all object pixels.
                        for (int[] n : new int[][] {{r - 1, c}, {r + 1, c}, {r, c - 1}, {r, c + 1}}) {
                            assertEquals(0f, targets[3 * (n[0] * patch + n[1])], "interior next to background at " + r + ", " + c);
                        }
                    }
                }
            }
            assertTrue(foreground > 50 && foreground < 160, "the 10 × 10 object, deformed: " + foreground);
            if (foreground != 100) changed++;
        }
        assertTrue(changed > 10, "deformation changes the object's shape");
    }
}
