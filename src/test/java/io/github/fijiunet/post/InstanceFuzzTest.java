package io.github.fijiunet.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.fijiunet.FijiUnetException;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Test;

/** Random sizes, contents and options: a clean label image or a FijiUnetException, nothing else. */
class InstanceFuzzTest {

    @Test
    void randomInputsGiveValidLabelsOrAUserError() {
        Random random = new Random(11);
        for (int trial = 0; trial < 400; trial++) {
            int w = 1 + random.nextInt(48);
            int h = 1 + random.nextInt(48);
            int channels = random.nextInt(4) == 0 ? 2 : random.nextBoolean() ? 1 : 3;
            ArrayImg<FloatType, FloatArray> probabilities = channels == 1 ? ArrayImgs.floats(w, h) : ArrayImgs.floats(w, h, channels);
            float[] data = probabilities.update(null).getCurrentStorageArray();
            int style = random.nextInt(5);
            for (int i = 0; i < data.length; i++) {
                data[i] = style == 0 ? 0.5f : style == 1 ? (random.nextBoolean() ? 1f : 0f) : style == 2 ? random.nextFloat()
                        : style == 3 ? (float) (0.5 + 0.5 * Math.sin((i % w) / 3.0) * Math.cos((i / w) / 4.0))
                        : random.nextInt(10) == 0 ? Float.NaN : random.nextFloat(); // a network can emit NaN
            }
            try {
                InstanceOptions options = InstanceOptions.builder()
                        .method(InstanceMethod.values()[random.nextInt(InstanceMethod.values().length)])
                        .threshold(random.nextBoolean() ? Threshold.OTSU : Threshold.fixed(random.nextDouble()))
                        .seedThreshold(random.nextDouble())
                        .seedShrink(random.nextInt(3))
                        .distanceSigma(random.nextInt(3))
                        .seedProminence(0.25 + 3 * random.nextDouble())
                        .connectivity(random.nextBoolean() ? Connectivity.FOUR : Connectivity.EIGHT)
                        .minSize(random.nextInt(20))
                        .maxSize(random.nextBoolean() ? 0 : 20 + random.nextInt(500))
                        .fillHoles(random.nextBoolean())
                        .excludeBorder(random.nextBoolean())
                        .build();
                LabelPlane labels = new InstanceSegmenter(options).segment(probabilities);
                Set<Integer> present = new HashSet<>();
                for (int v : labels.labels()) if (v > 0) present.add(v);
                assertEquals(labels.maxLabel(), present.size(), "labels are 1..N");
                for (int v : present) assertTrue(v >= 1 && v <= labels.maxLabel());
                assertEquals(labels.maxLabel(), OutlineTracer.trace(labels, 0).size());
            } catch (FijiUnetException expected) {
                // a clear user-facing error is acceptable
            } catch (RuntimeException e) {
                fail("trial " + trial + " (" + w + "x" + h + "x" + channels + "): " + e, e);
            }
        }
    }
}
