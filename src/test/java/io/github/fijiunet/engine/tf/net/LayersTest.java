package io.github.fijiunet.engine.tf.net;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inference form of the conv block (batch norm folded, concatenation split) against the textbook form. */
class LayersTest {

    private static final List<Long> UNIT = List.of(1L, 1L, 1L, 1L);

    @Test
    void foldedSplitConvBlockMatchesConcatConvBatchNormRelu() {
        int[] partChannels = {3, 5, 2};
        int out = 6;
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            VariableStore store = new VariableStore(tf, 3);
            List<Operand<TFloat32>> parts = new ArrayList<>();
            for (int c : partChannels) parts.add(gaussian(tf, Shape.of(2, 12, 10, c), c, 0f));
            Operand<TFloat32> folded = new Layers<>(tf, store, Mode.INFERENCE, TFloat32.class).convBlock("block", parts, partChannels, out, 0, true);

            Map<String, Variable<TFloat32>> v = store.all();
            Operand<TFloat32> conv = tf.nn.conv2d(tf.concat(parts, tf.constant(3)), v.get("block/kernel"), UNIT, "SAME");
            Operand<TFloat32> normalized = tf.math.add(tf.math.mul(
                    tf.math.div(tf.math.sub(conv, v.get("block/bn/moving_mean")),
                            tf.math.sqrt(tf.math.add(v.get("block/bn/moving_variance"), tf.constant(Layers.BN_EPSILON)))),
                    v.get("block/bn/gamma")), v.get("block/bn/beta"));
            Operand<TFloat32> reference = tf.nn.relu(normalized);

            s.initialize();
            // Statistics far from the initial identity transform, so that folding them matters.
            assign(tf, s, v.get("block/bn/gamma"), gaussian(tf, Shape.of(out), 11, 1f));
            assign(tf, s, v.get("block/bn/beta"), gaussian(tf, Shape.of(out), 12, 0f));
            assign(tf, s, v.get("block/bn/moving_mean"), gaussian(tf, Shape.of(out), 13, 0.5f));
            assign(tf, s, v.get("block/bn/moving_variance"), tf.math.add(tf.math.abs(gaussian(tf, Shape.of(out), 14, 1f)), tf.constant(0.1f)));
            assertClose(s, reference, folded);
        }
    }

    @Test
    void fusedTrainingBatchNormMatchesBatchMomentsInValuesGradientsAndMovingAverages() {
        int in = 3;
        int out = 5;
        Shape shape = Shape.of(4, 9, 7, in);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            VariableStore store = new VariableStore(tf, 5);
            Operand<TFloat32> x = gaussian(tf, shape, 21, 0.3f);
            Layers<TFloat32> layers = new Layers<>(tf, store, Mode.TRAINING, TFloat32.class);
            Operand<TFloat32> fused = layers.convBlock("block", x, in, out, 0, true);

            Map<String, Variable<TFloat32>> v = store.all();
            Operand<TFloat32> conv = tf.nn.conv2d(x, v.get("block/kernel"), UNIT, "SAME");
            Operand<TInt32> axes = tf.constant(new int[] {0, 1, 2});
            Operand<TFloat32> mean = tf.math.mean(conv, axes);
            Operand<TFloat32> variance = tf.math.mean(tf.math.square(tf.math.sub(conv, mean)), axes);
            Operand<TFloat32> reference = tf.nn.relu(tf.math.add(tf.math.mul(
                    tf.math.div(tf.math.sub(conv, mean), tf.math.sqrt(tf.math.add(variance, tf.constant(Layers.BN_EPSILON)))),
                    v.get("block/bn/gamma")), v.get("block/bn/beta")));

            // A loss that weighs every output differently, so that the gradients test each element.
            Operand<TFloat32> weights = gaussian(tf, Shape.of(4, 9, 7, out), 22, 0f);
            List<Operand<?>> wrt = List.of(v.get("block/kernel"), v.get("block/bn/gamma"), v.get("block/bn/beta"));
            var fusedGradients = tf.gradients(tf.reduceSum(tf.math.mul(fused, weights), axes4(tf)), wrt);
            var referenceGradients = tf.gradients(tf.reduceSum(tf.math.mul(reference, weights), axes4(tf)), wrt);

            s.initialize();
            assign(tf, s, v.get("block/bn/gamma"), gaussian(tf, Shape.of(out), 23, 1f));
            assign(tf, s, v.get("block/bn/beta"), gaussian(tf, Shape.of(out), 24, 0f));
            assertClose(s, reference, fused);
            for (int i = 0; i < wrt.size(); i++) {
                assertClose(s, referenceGradients.<TFloat32>dy(i), fusedGradients.<TFloat32>dy(i), 1e-3);
            }

            // One step of the moving averages from their initial 0 and 1.
            Operand<TFloat32> expectedMean = tf.math.mul(mean, tf.constant(0.01f));
            Operand<TFloat32> expectedVariance = tf.math.add(tf.constant(0.99f), tf.math.mul(variance, tf.constant(0.01f)));
            try (Result before = s.runner().fetch(expectedMean).fetch(expectedVariance).run()) {
                Session.Runner update = s.runner();
                layers.updateOps().forEach(update::addTarget);
                update.run().close();
                assertClose(s, tf.constant((TFloat32) before.get(0)), v.get("block/bn/moving_mean"), 1e-6);
                assertClose(s, tf.constant((TFloat32) before.get(1)), v.get("block/bn/moving_variance"), 1e-6);
            }
        }
    }

    private static Operand<TInt32> axes4(Ops tf) {
        return tf.constant(new int[] {0, 1, 2, 3});
    }

    @Test
    void inferenceCountsTheSameMultiplyAddsAsTraining() {
        for (NetworkBuilder builder : new NetworkBuilder[] {new UNet(1, 3, 3, 4, true, 0, 1), new UNetPlusPlus(1, 2, 3, 4, false, 0, true, 0, 1)}) {
            double[] flops = new double[Mode.values().length];
            for (Mode mode : Mode.values()) {
                try (Graph g = new Graph()) {
                    Ops tf = Ops.create(g);
                    Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 1)));
                    flops[mode.ordinal()] = builder.build(tf, x, mode, new VariableStore(tf, 1)).flopsPerPixel();
                }
            }
            for (double f : flops) assertEquals(flops[0], f, builder.summary());
        }
    }

    /** A constant of normally distributed values with standard deviation 1 around {@code mean}. */
    private static Operand<TFloat32> gaussian(Ops tf, Shape shape, long seed, float mean) {
        float[] values = new float[(int) shape.size()];
        Random r = new Random(seed);
        for (int i = 0; i < values.length; i++) values[i] = mean + (float) r.nextGaussian();
        try (TFloat32 t = TFloat32.tensorOf(shape, DataBuffers.of(values, true, false))) {
            return tf.constant(t);
        }
    }

    private static void assign(Ops tf, Session s, Variable<TFloat32> variable, Operand<TFloat32> value) {
        s.runner().addTarget(tf.assign(variable, value)).run().close();
    }

    private static void assertClose(Session s, Operand<TFloat32> expected, Operand<TFloat32> actual) {
        assertClose(s, expected, actual, 1e-4);
    }

    /** Largest difference at most {@code tolerance} times the largest expected magnitude (at least 1). */
    private static void assertClose(Session s, Operand<TFloat32> expected, Operand<TFloat32> actual, double tolerance) {
        try (Result r = s.runner().fetch(expected).fetch(actual).run()) {
            TFloat32 e = (TFloat32) r.get(0);
            TFloat32 a = (TFloat32) r.get(1);
            assertEquals(e.shape(), a.shape());
            float[] ev = new float[(int) e.shape().size()];
            float[] av = new float[ev.length];
            e.copyTo(DataBuffers.of(ev, false, false));
            a.copyTo(DataBuffers.of(av, false, false));
            double max = 0;
            double scale = 1;
            int nonZero = 0;
            for (int i = 0; i < ev.length; i++) {
                max = Math.max(max, Math.abs(ev[i] - av[i]));
                scale = Math.max(scale, Math.abs(ev[i]));
                if (ev[i] != 0) nonZero++;
            }
            assertTrue(max <= tolerance * scale, "largest difference " + max + " (largest value " + scale + ")");
            assertTrue(nonZero > ev.length / 10, "the comparison should not be between mostly zero outputs");
        }
    }
}
