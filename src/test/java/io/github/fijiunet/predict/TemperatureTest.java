package io.github.fijiunet.predict;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemperatureTest {

    private static final int CLASSES = 10;

    /** softmax(z / t) of one sample's logits. */
    private static float[] softmax(double[] z, double t) {
        double top = Double.NEGATIVE_INFINITY;
        for (double v : z) top = Math.max(top, v / t);
        double sum = 0;
        for (double v : z) sum += Math.exp(v / t - top);
        float[] p = new float[z.length];
        for (int c = 0; c < z.length; c++) p[c] = (float) (Math.exp(z[c] / t - top) / sum);
        return p;
    }

    @Test
    void rescalingProbabilitiesIsTheSoftmaxOfTheLogitsDividedByTheTemperature() {
        Random random = new Random(1);
        for (int round = 0; round < 100; round++) {
            double[] z = new double[CLASSES];
            for (int c = 0; c < CLASSES; c++) z[c] = 6 * random.nextGaussian();
            double t = 0.3 + 3 * random.nextDouble();
            float[] p = softmax(z, 1);
            float[] unchanged = p.clone();
            Temperature.apply(unchanged, 0, CLASSES, 1);
            assertArrayEquals(softmax(z, 1), unchanged, "temperature 1 changes nothing");
            float[] padded = new float[CLASSES + 3];
            System.arraycopy(p, 0, padded, 3, CLASSES);
            Temperature.apply(padded, 3, CLASSES, t);
            float[] expected = softmax(z, t);
            for (int c = 0; c < CLASSES; c++) assertEquals(expected[c], padded[3 + c], 2e-6, "class " + c + " at temperature " + t);
        }
    }

    /**
     * Labels drawn from softmax(z / 2.5) while the "network" says softmax(z): over-confident, as a
     * net trained to a low loss is. The fit finds the 2.5 back and lowers the log-loss; on labels
     * drawn from softmax(z) itself it finds about 1.
     */
    @Test
    void fitFindsTheTemperatureTheLabelsWereDrawnAt() {
        for (double truth : new double[] {2.5, 1.0}) {
            Random random = new Random(7);
            int n = 20000;
            float[] probabilities = new float[n * CLASSES];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                double[] z = new double[CLASSES];
                for (int c = 0; c < CLASSES; c++) z[c] = 5 * random.nextGaussian();
                System.arraycopy(softmax(z, 1), 0, probabilities, i * CLASSES, CLASSES);
                float[] drawn = softmax(z, truth);
                double u = random.nextDouble();
                int label = 0;
                for (double cumulative = drawn[0]; cumulative < u && label < CLASSES - 1; cumulative += drawn[++label]) { }
                labels[i] = label;
            }
            Temperature.Fit fit = Temperature.calibrate(probabilities, labels, CLASSES);
            assertEquals(truth, fit.temperature(), 0.08 * truth, "fitted " + fit.temperature());
            assertTrue(fit.lossAfter() <= fit.lossBefore() + 1e-9, fit.lossBefore() + " -> " + fit.lossAfter());
            if (truth > 1) assertTrue(fit.lossAfter() < fit.lossBefore() - 0.05, fit.lossBefore() + " -> " + fit.lossAfter());
        }
    }
}
