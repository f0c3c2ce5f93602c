package io.github.fijiunet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.Shapes;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassicalBaselineTest {

    static float[] noisyDisks(int w, int h, boolean bright, long seed) {
        int[] l = new int[w * h];
        Shapes.disk(l, w, 15, 15, 8, 1);
        Shapes.disk(l, w, 28, 15, 8, 1); // touches the first
        Shapes.disk(l, w, 45, 30, 6, 1);
        Random random = new Random(seed);
        float[] grey = new float[l.length];
        for (int i = 0; i < grey.length; i++) {
            float object = l[i] > 0 ? 180 : 40;
            grey[i] = (bright ? object : 220 - object) + (float) (10 * random.nextGaussian());
        }
        return grey;
    }

    @Test
    void splitsTouchingBrightNuclei() {
        LabelPlane labels = new ClassicalBaseline(BaselineOptions.defaults()).segment(noisyDisks(60, 45, true, 1), 60, 45);
        assertEquals(3, labels.maxLabel());
    }

    @Test
    void autoPolarityFindsDarkNuclei() {
        LabelPlane labels = new ClassicalBaseline(BaselineOptions.defaults()).segment(noisyDisks(60, 45, false, 2), 60, 45);
        assertEquals(3, labels.maxLabel());
    }

    @Test
    void constantImageHasNoObjects() {
        assertEquals(0, new ClassicalBaseline(BaselineOptions.defaults()).segment(new float[100], 10, 10).maxLabel());
    }
}
