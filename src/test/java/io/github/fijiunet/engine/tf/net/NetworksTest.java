package io.github.fijiunet.engine.tf.net;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworksTest {

    /** Builds {@code builder} for inference and returns the output shape for an input of the given shape. */
    private static long[] outputShape(NetworkBuilder builder, long... inputShape) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            long[] dynamic = {-1, -1, -1, builder.inputChannels()};
            if (builder.fixedInputSize() != null) dynamic = new long[] {-1, builder.fixedInputSize()[0], builder.fixedInputSize()[1], 1};
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(dynamic)));
            Network net = builder.build(tf, x, Mode.INFERENCE, new VariableStore(tf, 1));
            s.initialize();
            try (TFloat32 in = TFloat32.tensorOf(Shape.of(inputShape));
                 TFloat32 out = (TFloat32) s.runner().feed(x, in).fetch(net.probabilities()).run().get(0)) {
                return out.shape().asArray();
            }
        }
    }

    @Test
    void cnnHasTheLeNetParameterCountAndClassifiesAnyBatch() {
        // conv1 3*3*1*6+6=60, conv2 3*3*6*6+6=330, conv3 3*3*6*16+16=880, conv4 3*3*16*16+16=2320,
        // dense1 7*7*16*120+120=94200, dense2 120*84+84=10164, dense3 84*10+10=850: total 108804.
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Network net = new CnnClassifier(10).build(tf, tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, 28, 28, 1))), Mode.TRAINING, new VariableStore(tf, 1));
            assertEquals(108_804, net.parameterCount());
            assertEquals(14, net.trainableVariables().size());
        }
        assertArrayEquals(new long[] {3, 10}, outputShape(new CnnClassifier(10), 3, 28, 28, 1));
        assertArrayEquals(new long[] {1, 10}, outputShape(new CnnClassifier(10), 1, 28, 28, 1));
    }

    @Test
    void unetIsFullyConvolutionalAndMatchesItsParameterFormula() {
        UNet unet = new UNet(1, 3, 3, 8, true, 0.1f, 1);
        assertArrayEquals(new long[] {2, 64, 96, 3}, outputShape(unet, 2, 64, 96, 1));
        assertArrayEquals(new long[] {1, 8, 40, 3}, outputShape(unet, 1, 8, 40, 1));
        UNet plain = new UNet(2, 1, 2, 4, false, 0, 1);
        assertArrayEquals(new long[] {1, 16, 16, 1}, outputShape(plain, 1, 16, 16, 2));
        for (UNet u : new UNet[] {unet, plain, new UNet(1, 3, 4, 32, true, 0, 1)}) {
            try (Graph g = new Graph()) {
                Ops tf = Ops.create(g);
                Network net = u.build(tf, tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, u.inputChannels()))),
                        Mode.TRAINING, new VariableStore(tf, 1));
                assertEquals(u.expectedParameterCount(), net.parameterCount());
                assertTrue(net.flopsPerPixel() > 0);
            }
        }
        // Depth 4, 32 filters: about 7.8 million parameters, as in the original U-Net family at this width.
        assertEquals(7_762_531, new UNet(1, 3, 4, 32, true, 0, 1).expectedParameterCount());
    }

    @Test
    void unetPlusPlusHeadsAndPrunedExportAreFullyConvolutional() {
        UNetPlusPlus averaged = new UNetPlusPlus(1, 1, 3, 4, true, 0, true, 0, 1);
        assertArrayEquals(new long[] {2, 32, 48, 1}, outputShape(averaged, 2, 32, 48, 1));
        UNetPlusPlus pruned = new UNetPlusPlus(1, 3, 3, 4, true, 0, true, 2, 1);
        assertArrayEquals(new long[] {1, 24, 16, 3}, outputShape(pruned, 1, 24, 16, 1));
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 1)));
            VariableStore store = new VariableStore(tf, 1);
            Network training = pruned.build(tf, x, Mode.TRAINING, store);
            assertEquals(3, training.headLogits().size());
            Network inference = pruned.build(tf, x, Mode.INFERENCE, store);
            assertEquals(1, inference.headLogits().size());
            assertTrue(inference.flopsPerPixel() < training.flopsPerPixel(), "pruning drops the deeper nodes");
        }
    }
}
