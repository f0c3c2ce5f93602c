package io.github.fijiunet.engine.tf.net;

import io.github.fijiunet.train.Architecture;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

import java.util.List;

/**
 * LeNet-5-style classifier for 28×28×1 inputs: Conv(6,3×3,ReLU,same)×2 → MaxPool 2 →
 * Conv(16,3×3,ReLU,same)×2 → MaxPool 2 → Flatten (7·7·16) → Dense 120 ReLU → Dense 84 ReLU →
 * Dense {@code classes} softmax. 108 804 parameters for 10 classes. The batch size is free; the
 * spatial size is fixed (the runtime resizes crops to {@link #SIZE}).
 */
public final class CnnClassifier implements NetworkBuilder {

    public static final int SIZE = Architecture.CNN_INPUT_SIZE;

    private final int classes;

    public CnnClassifier(int classes) {
        this.classes = classes;
    }

    @Override
    public Network build(Ops tf, Operand<TFloat32> input, Mode mode, VariableStore store) {
        return build(tf, input, Layers.forMode(tf, store, mode), store);
    }

    private <T extends TFloating> Network build(Ops tf, Operand<TFloat32> input, Layers<T> layers, VariableStore store) {
        Operand<T> x = tf.nn.relu(layers.conv("conv1", layers.fromFloat32(input), 1, 6, 3, 0, true));
        x = tf.nn.relu(layers.conv("conv2", x, 6, 6, 3, 0, true));
        x = layers.maxPool2(x);
        x = tf.nn.relu(layers.conv("conv3", x, 6, 16, 3, 1, true));
        x = tf.nn.relu(layers.conv("conv4", x, 16, 16, 3, 1, true));
        x = layers.maxPool2(x);
        int flat = 7 * 7 * 16;
        x = tf.reshape(x, tf.constant(new int[] {-1, flat}));
        long pixels = (long) SIZE * SIZE;
        x = tf.nn.relu(layers.dense("dense1", x, flat, 120, pixels));
        x = tf.nn.relu(layers.dense("dense2", x, 120, 84, pixels));
        Operand<TFloat32> logits = layers.toFloat32(layers.dense("dense3", x, 84, classes, pixels));
        return new Network(input, List.of(logits), tf.nn.softmax(logits), store, layers);
    }

    @Override
    public int inputChannels() {
        return 1;
    }

    @Override
    public int outputChannels() {
        return classes;
    }

    @Override
    public int tileMultiple() {
        return 1;
    }

    @Override
    public int halo() {
        return 0;
    }

    /** The input and the two 6-filter full-resolution conv outputs; never tiled (fixed input size). */
    @Override
    public long activationBytesPerPixel() {
        return (1 + 2 * 6) * Float.BYTES;
    }

    @Override
    public int[] fixedInputSize() {
        return new int[] {SIZE, SIZE};
    }

    @Override
    public String summary() {
        return "LeNet-5-style CNN: 2×Conv(6,3×3) → MaxPool → 2×Conv(16,3×3) → MaxPool → Dense 120 → Dense 84 → Dense "
                + classes + " softmax";
    }
}
