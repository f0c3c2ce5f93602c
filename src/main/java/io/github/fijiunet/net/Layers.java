package io.github.fijiunet.net;

import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Layer helpers shared by the network builders. Besides the ops, it counts the analytic
 * multiply-add cost of every convolution and dense layer, expressed per input pixel (a layer at
 * resolution level {@code l} runs on 1/4^l of the pixels), which gives FLOP/s reports for training
 * and inference.
 */
final class Layers {

    private static final List<Long> UNIT_STRIDES = List.of(1L, 1L, 1L, 1L);
    private static final List<Long> STRIDES_2 = List.of(1L, 2L, 2L, 1L);
    /** Moving-average momentum of batch-norm statistics, the Keras default. */
    private static final float BN_MOMENTUM = 0.99f;
    private static final float BN_EPSILON = 1e-3f;

    private final Ops tf;
    private final VariableStore store;
    private final Mode mode;
    private final List<Op> updateOps = new ArrayList<>();
    private double flopsPerPixel;
    private int dropoutCount;

    Layers(Ops tf, VariableStore store, Mode mode) {
        this.tf = tf;
        this.store = store;
        this.mode = mode;
    }

    Ops tf() {
        return tf;
    }

    /** k×k 'same' convolution, optionally with bias, at resolution {@code level}. */
    Operand<TFloat32> conv(String name, Operand<TFloat32> x, int inChannels, int outChannels, int k, int level, boolean bias) {
        Variable<TFloat32> kernel = store.heNormal(name + "/kernel", (long) k * k * inChannels, k, k, inChannels, outChannels);
        Operand<TFloat32> y = tf.nn.conv2d(x, kernel, UNIT_STRIDES, "SAME");
        if (bias) y = tf.nn.biasAdd(y, store.constantFilled(name + "/bias", 0f, outChannels));
        flopsPerPixel += 2.0 * k * k * inChannels * outChannels / Math.pow(4, level);
        return y;
    }

    /** conv → (batch norm) → ReLU; the bias is dropped when batch norm follows because its offset replaces it. */
    Operand<TFloat32> convBlock(String name, Operand<TFloat32> x, int inChannels, int outChannels, int level, boolean batchNorm) {
        Operand<TFloat32> y = conv(name, x, inChannels, outChannels, 3, level, !batchNorm);
        if (batchNorm) y = batchNorm(name + "/bn", y, outChannels);
        return tf.nn.relu(y);
    }

    /** Batch normalisation over N, H, W; training uses batch moments and updates the moving averages. */
    Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x, int channels) {
        Variable<TFloat32> gamma = store.constantFilled(name + "/gamma", 1f, channels);
        Variable<TFloat32> beta = store.constantFilled(name + "/beta", 0f, channels);
        Variable<TFloat32> movingMean = store.state(name + "/moving_mean", 0f, channels);
        Variable<TFloat32> movingVariance = store.state(name + "/moving_variance", 1f, channels);
        Operand<TFloat32> mean;
        Operand<TFloat32> variance;
        if (mode == Mode.TRAINING) {
            Operand<TInt32> axes = tf.constant(new int[] {0, 1, 2});
            mean = tf.math.mean(x, axes);
            variance = tf.math.mean(tf.math.squaredDifference(x, tf.stopGradient(mean)), axes);
            updateOps.add(tf.assign(movingMean, movingAverage(movingMean, mean)));
            updateOps.add(tf.assign(movingVariance, movingAverage(movingVariance, variance)));
        } else {
            mean = movingMean;
            variance = movingVariance;
        }
        Operand<TFloat32> scale = tf.math.mul(gamma, tf.math.rsqrt(tf.math.add(variance, tf.constant(BN_EPSILON))));
        Operand<TFloat32> shift = tf.math.sub(beta, tf.math.mul(mean, scale));
        return tf.math.add(tf.math.mul(x, scale), shift);
    }

    private Operand<TFloat32> movingAverage(Operand<TFloat32> moving, Operand<TFloat32> batchValue) {
        return tf.math.add(tf.math.mul(moving, tf.constant(BN_MOMENTUM)),
                tf.math.mul(tf.stopGradient(batchValue), tf.constant(1f - BN_MOMENTUM)));
    }

    Operand<TFloat32> maxPool2(Operand<TFloat32> x) {
        return tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
    }

    /**
     * 2×2 stride-2 transposed convolution from level {@code level + 1} to {@code level}. The output
     * shape comes from the input's dynamic shape so that the graph accepts any batch and size.
     */
    Operand<TFloat32> upConv(String name, Operand<TFloat32> x, int inChannels, int outChannels, int level) {
        // conv2dBackpropInput filters are [kh, kw, outC, inC].
        Variable<TFloat32> kernel = store.heNormal(name + "/kernel", 4L * inChannels, 2, 2, outChannels, inChannels);
        Operand<TInt32> shape = tf.shape(x);
        Operand<TInt32> two = tf.constant(2);
        Operand<TInt32> outShape = tf.stack(List.of(
                dim(shape, 0),
                tf.math.mul(dim(shape, 1), two),
                tf.math.mul(dim(shape, 2), two),
                tf.constant(outChannels)));
        Operand<TFloat32> y = tf.nn.conv2dBackpropInput(outShape, kernel, x, STRIDES_2, "SAME");
        y = tf.nn.biasAdd(y, store.constantFilled(name + "/bias", 0f, outChannels));
        flopsPerPixel += 2.0 * 4 * inChannels * outChannels / Math.pow(4, level + 1);
        return y;
    }

    private Operand<TInt32> dim(Operand<TInt32> shape, int index) {
        return tf.gather(shape, tf.constant(index), tf.constant(0));
    }

    /** Fully connected layer on a [N, in] tensor; its cost counts once per image ({@code pixels} input pixels). */
    Operand<TFloat32> dense(String name, Operand<TFloat32> x, int in, int out, long pixels) {
        Variable<TFloat32> w = store.heNormal(name + "/kernel", in, in, out);
        Variable<TFloat32> b = store.constantFilled(name + "/bias", 0f, out);
        flopsPerPixel += 2.0 * in * out / pixels;
        return tf.math.add(tf.linalg.matMul(x, w), b);
    }

    /** Inverted dropout: active only in training, identity at inference. */
    Operand<TFloat32> dropout(Operand<TFloat32> x, float rate, long seed) {
        if (mode != Mode.TRAINING || rate <= 0) return x;
        float keep = 1f - rate;
        Operand<TFloat32> uniform = tf.random.randomUniform(tf.shape(x), TFloat32.class,
                RandomUniform.seed(seed), RandomUniform.seed2((long) ++dropoutCount));
        Operand<TFloat32> mask = tf.math.floor(tf.math.add(uniform, tf.constant(keep)));
        return tf.math.mul(x, tf.math.mul(mask, tf.constant(1f / keep)));
    }

    Operand<TFloat32> concat(List<Operand<TFloat32>> parts) {
        return tf.concat(parts, tf.constant(3));
    }

    List<Op> updateOps() {
        return Collections.unmodifiableList(updateOps);
    }

    double flopsPerPixel() {
        return flopsPerPixel;
    }
}
