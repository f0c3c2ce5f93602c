package io.github.fijiunet.train;

import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strong augmentation changes the pixels a patch shows, never the classes it is trained to predict. */
class AugmentationTest {

    private static SegmentationDataset disks() {
        int w = 96;
        int h = 80;
        float[] image = new float[w * h];
        int[] labels = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                boolean a = Math.hypot(x - 30, y - 40) < 15;
                boolean b = Math.hypot(x - 62, y - 40) < 15;
                labels[i] = a ? 1 : b ? 2 : 0;
                image[i] = labels[i] > 0 ? 200 + (x * 7 + y * 3) % 40 : 20 + (x + y) % 10;
            }
        }
        return new SegmentationDataset(Task.INSTANCE,
                List.of(SegmentationDataset.sample("disks", w, h, image, labels, Task.INSTANCE, Normalization.percentile(1, 99.8))), "test");
    }

    @Test
    void strongAugmentationChangesInputsButNotTargets() {
        SegmentationDataset data = disks();
        // Batches of one: the draws before the pixel changes (patch, flips, intensity line) are the same for both.
        Batch plain = data.randomBatch(new Random(5), 1, 64, Augmentation.microscopy());
        Batch strong = data.randomBatch(new Random(5), 1, 64, Augmentation.strong());
        assertArrayEquals(plain.targets, strong.targets, "targets are the same patch's classes");
        double changed = 0;
        for (int i = 0; i < plain.inputs.length; i++) {
            assertTrue(Float.isFinite(strong.inputs[i]));
            changed = Math.max(changed, Math.abs(plain.inputs[i] - strong.inputs[i]));
        }
        assertTrue(changed > 0.01, "gamma, blur or noise changed the pixels: " + changed);
        assertTrue(Augmentation.strong().toString().contains("gamma") && Augmentation.strong().toString().contains("noise"),
                Augmentation.strong().toString());
    }

    /** Every name the augment option lists makes its augmentation; auto follows the data's orientation; others are refused. */
    @Test
    void theAugmentOptionsNamesMakeTheirAugmentations() {
        for (String name : Augmentation.NAMES) Augmentation.named(name, true);
        org.junit.jupiter.api.Assertions.assertEquals(Augmentation.microscopy().toString(), Augmentation.named("auto", true).toString());
        org.junit.jupiter.api.Assertions.assertSame(Augmentation.NONE, Augmentation.named("auto", false), "class folders keep their orientation");
        org.junit.jupiter.api.Assertions.assertEquals(2f, Augmentation.named("STRONG_ELASTIC", true).elastic, "any case");
        org.junit.jupiter.api.Assertions.assertEquals(0.25f, Augmentation.named("strong_zoom", true).zoom);
        String message = org.junit.jupiter.api.Assertions.assertThrows(io.github.fijiunet.InvalidOptionException.class,
                () -> Augmentation.named("elastic", true)).getMessage();
        assertTrue(message.contains("strong_elastic") && message.contains("'elastic'"), message);
    }
}
