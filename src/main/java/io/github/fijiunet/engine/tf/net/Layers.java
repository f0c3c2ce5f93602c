package io.github.fijiunet.engine.tf.net;

import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Layer helpers shared by the network builders. Besides the ops, it counts the analytic
 * multiply-add cost of every convolution and dense layer, expressed per input pixel (a layer at
 * resolution level {@code l} runs on 1/4^l of the pixels), which gives FLOP/s reports for training
 * and inference.
 *
 * <p>{@code T} is the arithmetic of the layer ops: float32, or bfloat16 for
 * {@link Mode#INFERENCE_BFLOAT16}. Variables stay float32 (one set of weights for every mode); they
 * are folded in float32 and then cast, and the network's float32 input and logits are cast at its
 * two ends ({@link #fromFloat32}, {@link #toFloat32}).
 */
final class Layers<T extends TFloating> {

    private static final List<Long> UNIT_STRIDES = List.of(1L, 1L, 1L, 1L);
    private static final List<Long> STRIDES_2 = List.of(1L, 2L, 2L, 1L);
    private static final long[] POOL_2 = {1, 2, 2, 1};
    /** Moving-average momentum of batch-norm statistics, the Keras default. */
    private static final float BN_MOMENTUM = 0.99f;
    static final float BN_EPSILON = 1e-3f;

    private final Ops tf;
    private final VariableStore store;
    private final Mode mode;
    private final Class<T> type;
    private final List<Op> updateOps = new ArrayList<>();
    private double flopsPerPixel;
    private int dropoutCount;

    Layers(Ops tf, VariableStore store, Mode mode, Class<T> type) {
        if (type != mode.arithmetic()) throw new IllegalArgumentException(mode + " computes in " + mode.arithmetic().getSimpleName());
        this.tf = tf;
        this.store = store;
        this.mode = mode;
        this.type = type;
    }

    /** The layers for {@code mode}, computing in its {@link Mode#arithmetic() arithmetic}. */
    static Layers<? extends TFloating> forMode(Ops tf, VariableStore store, Mode mode) {
        return new Layers<>(tf, store, mode, mode.arithmetic());
    }

    /** A float32 operand (the network input, a variable) in this layer arithmetic. */
    Operand<T> fromFloat32(Operand<TFloat32> x) {
        return cast(x, type);
    }

    @SuppressWarnings("unchecked") // U is TFloat32 exactly when arithmetic says so
    private <U extends TFloating> Operand<U> cast(Operand<TFloat32> x, Class<U> arithmetic) {
        return arithmetic == TFloat32.class ? (Operand<U>) x : tf.dtypes.cast(x, arithmetic);
    }

    /** An operand of this arithmetic as float32 (logits before the softmax, which stays float32 for its exponentials). */
    @SuppressWarnings("unchecked")
    Operand<TFloat32> toFloat32(Operand<T> x) {
        return type == TFloat32.class ? (Operand<TFloat32>) x : tf.dtypes.cast(x, TFloat32.class);
    }

    Ops tf() {
        return tf;
    }

    /** k×k 'same' convolution, optionally with bias, at resolution {@code level}. */
    Operand<T> conv(String name, Operand<T> x, int inChannels, int outChannels, int k, int level, boolean bias) {
        return conv(type, name, x, inChannels, outChannels, k, level, bias);
    }

    private <U extends TFloating> Operand<U> conv(Class<U> arithmetic, String name, Operand<U> x, int inChannels, int outChannels, int k,
            int level, boolean bias) {
        Variable<TFloat32> kernel = store.heNormal(name + "/kernel", (long) k * k * inChannels, k, k, inChannels, outChannels);
        Operand<U> y = tf.nn.conv2d(x, cast(kernel, arithmetic), UNIT_STRIDES, "SAME");
        if (bias) y = tf.nn.biasAdd(y, cast(store.constantFilled(name + "/bias", 0f, outChannels), arithmetic));
        flopsPerPixel += 2.0 * k * k * inChannels * outChannels / Math.pow(4, level);
        return y;
    }

    /**
     * The 1×1 output convolution at full resolution, giving float32 logits. Training in bfloat16
     * computes it in float32: oneDNN's bfloat16 input gradient of a conv with one output channel is
     * wrong (cosine 0.4–0.8 to the float32 gradient here), which stalled sigmoid heads. The head
     * costs a small fraction of the FLOPs; inference keeps it in the layer arithmetic.
     */
    Operand<TFloat32> logits(String name, Operand<T> x, int inChannels, int outChannels) {
        if (mode.training()) return conv(TFloat32.class, name, toFloat32(x), inChannels, outChannels, 1, 0, true);
        return toFloat32(conv(name, x, inChannels, outChannels, 1, 0, true));
    }

    /** conv → (batch norm) → ReLU; the bias is dropped when batch norm follows because its offset replaces it. */
    Operand<T> convBlock(String name, Operand<T> x, int inChannels, int outChannels, int level, boolean batchNorm) {
        return convBlock(name, List.of(x), new int[] {inChannels}, outChannels, level, batchNorm);
    }

    /**
     * A {@link #convBlock(String, Operand, int, int, int, boolean) conv block} over the channel
     * concatenation of {@code parts}. Training concatenates and normalises with batch statistics.
     * Inference folds the moving statistics into the kernel and a bias, so that TensorFlow's oneDNN
     * build fuses conv → BiasAdd → ReLU into one op instead of separate memory-bound passes, and
     * convolves each part with its slice of the kernel and sums (fused into the last conv as an
     * in-place add) instead of writing the concatenation: the same multiply-adds, less memory traffic.
     */
    Operand<T> convBlock(String name, List<Operand<T>> parts, int[] partChannels, int outChannels, int level, boolean batchNorm) {
        int inChannels = Arrays.stream(partChannels).sum();
        Variable<TFloat32> kernel = store.heNormal(name + "/kernel", 9L * inChannels, 3, 3, inChannels, outChannels);
        flopsPerPixel += 2.0 * 9 * inChannels * outChannels / Math.pow(4, level);
        if (mode.training()) {
            Operand<T> y = tf.nn.conv2d(parts.size() == 1 ? parts.get(0) : concat(parts), fromFloat32(kernel), UNIT_STRIDES, "SAME");
            y = batchNorm ? batchNorm(name + "/bn", y, outChannels) : tf.nn.biasAdd(y, fromFloat32(bias(name, outChannels)));
            return tf.nn.relu(y);
        }
        Operand<TFloat32> foldedKernel = kernel;
        Operand<TFloat32> bias;
        if (batchNorm) {
            BatchNormVariables bn = new BatchNormVariables(name + "/bn", outChannels);
            Operand<TFloat32> scale = tf.math.mul(bn.gamma, tf.math.rsqrt(tf.math.add(bn.movingVariance, tf.constant(BN_EPSILON))));
            foldedKernel = tf.math.mul(kernel, scale); // scales output channel o, the kernel's last axis
            bias = tf.math.sub(bn.beta, tf.math.mul(bn.movingMean, scale));
        } else {
            bias = bias(name, outChannels);
        }
        List<Operand<T>> partSums = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < parts.size(); i++) {
            Operand<TFloat32> slice = parts.size() == 1 ? foldedKernel : tf.slice(foldedKernel,
                    tf.constant(new int[] {0, 0, offset, 0}), tf.constant(new int[] {3, 3, partChannels[i], outChannels}));
            partSums.add(tf.nn.conv2d(parts.get(i), fromFloat32(slice), UNIT_STRIDES, "SAME"));
            offset += partChannels[i];
        }
        Operand<T> y = tf.nn.biasAdd(partSums.remove(partSums.size() - 1), fromFloat32(bias));
        // A two-input AddN after BiasAdd is the pattern the remapper fuses (a plain Add needs static shapes).
        if (!partSums.isEmpty()) y = tf.math.addN(List.of(y, partSums.size() == 1 ? partSums.get(0) : tf.math.addN(partSums)));
        return tf.nn.relu(y);
    }

    private Variable<TFloat32> bias(String name, int channels) {
        return store.constantFilled(name + "/bias", 0f, channels);
    }

    /** The four batch-norm variables of one layer, created in this order (checkpoints match them by name). */
    private final class BatchNormVariables {
        final Variable<TFloat32> gamma;
        final Variable<TFloat32> beta;
        final Variable<TFloat32> movingMean;
        final Variable<TFloat32> movingVariance;

        BatchNormVariables(String name, int channels) {
            gamma = store.constantFilled(name + "/gamma", 1f, channels);
            beta = store.constantFilled(name + "/beta", 0f, channels);
            movingMean = store.state(name + "/moving_mean", 0f, channels);
            movingVariance = store.state(name + "/moving_variance", 1f, channels);
        }
    }

    /**
     * Training batch normalisation over N, H, W with batch moments; updates the moving averages.
     * One fused op (and one fused gradient) instead of a dozen element-wise passes, which cost a
     * quarter of a training step. Its variance output carries Bessel's correction; the moving
     * average takes the plain batch variance, as the normalisation itself does.
     */
    private Operand<T> batchNorm(String name, Operand<T> x, int channels) {
        BatchNormVariables bn = new BatchNormVariables(name, channels);
        Operand<TFloat32> unused = tf.constant(new float[0]); // population statistics are inputs only at inference
        FusedBatchNorm<T, TFloat32> normalised = tf.nn.fusedBatchNorm(x, bn.gamma, bn.beta, unused, unused,
                FusedBatchNorm.isTraining(true), FusedBatchNorm.epsilon(BN_EPSILON));
        Operand<TFloat32> values = tf.math.div(tf.dtypes.cast(tf.size(x), TFloat32.class), tf.constant((float) channels));
        Operand<TFloat32> batchVariance = tf.math.mul(normalised.batchVariance(),
                tf.math.div(tf.math.sub(values, tf.constant(1f)), values));
        updateOps.add(tf.assign(bn.movingMean, movingAverage(bn.movingMean, normalised.batchMean())));
        updateOps.add(tf.assign(bn.movingVariance, movingAverage(bn.movingVariance, batchVariance)));
        return normalised.y();
    }

    private Operand<TFloat32> movingAverage(Operand<TFloat32> moving, Operand<TFloat32> batchValue) {
        return tf.math.add(tf.math.mul(moving, tf.constant(BN_MOMENTUM)),
                tf.math.mul(tf.stopGradient(batchValue), tf.constant(1f - BN_MOMENTUM)));
    }

    /**
     * 2×2 max-pooling as TensorFlow's {@code MaxPool}, whose sizes are attributes. {@code tf.nn.maxPool}
     * builds {@code MaxPoolV2}, which takes them as tensors and therefore stays on Eigen instead of
     * oneDNN: 30.7 vs 3.7 ms on 2048²×16 float32 here, 38 vs 5 ms in bfloat16. Both have gradients.
     */
    Operand<T> maxPool2(Operand<T> x) {
        return tf.scope().opBuilder("MaxPool", "MaxPool").addInput(x.asOutput()).setAttr("ksize", POOL_2)
                .setAttr("strides", POOL_2).setAttr("padding", "VALID").build().output(0);
    }

    /**
     * 2×2 stride-2 transposed convolution from level {@code level + 1} to {@code level}. The output
     * shape comes from the input's dynamic shape so that the graph accepts any batch and size.
     */
    Operand<T> upConv(String name, Operand<T> x, int inChannels, int outChannels, int level) {
        // conv2dBackpropInput filters are [kh, kw, outC, inC].
        Variable<TFloat32> kernel = store.heNormal(name + "/kernel", 4L * inChannels, 2, 2, outChannels, inChannels);
        Operand<TInt32> shape = tf.shape(x);
        Operand<TInt32> two = tf.constant(2);
        Operand<TInt32> outShape = tf.stack(List.of(
                dim(shape, 0),
                tf.math.mul(dim(shape, 1), two),
                tf.math.mul(dim(shape, 2), two),
                tf.constant(outChannels)));
        Operand<T> y = tf.nn.conv2dBackpropInput(outShape, fromFloat32(kernel), x, STRIDES_2, "SAME");
        y = tf.nn.biasAdd(y, fromFloat32(bias(name, outChannels)));
        flopsPerPixel += 2.0 * 4 * inChannels * outChannels / Math.pow(4, level + 1);
        return y;
    }

    private Operand<TInt32> dim(Operand<TInt32> shape, int index) {
        return tf.gather(shape, tf.constant(index), tf.constant(0));
    }

    /** Fully connected layer on a [N, in] tensor; its cost counts once per image ({@code pixels} input pixels). */
    Operand<T> dense(String name, Operand<T> x, int in, int out, long pixels) {
        Variable<TFloat32> w = store.heNormal(name + "/kernel", in, in, out);
        Variable<TFloat32> b = store.constantFilled(name + "/bias", 0f, out);
        flopsPerPixel += 2.0 * in * out / pixels;
        return tf.math.add(tf.linalg.matMul(x, fromFloat32(w)), fromFloat32(b));
    }

    /** Inverted dropout: active only in training, identity at inference. */
    Operand<T> dropout(Operand<T> x, float rate, long seed) {
        if (!mode.training() || rate <= 0) return x;
        float keep = 1f - rate;
        Operand<TFloat32> uniform = tf.random.randomUniform(tf.shape(x), TFloat32.class,
                RandomUniform.seed(seed), RandomUniform.seed2((long) ++dropoutCount));
        Operand<TFloat32> mask = tf.math.floor(tf.math.add(uniform, tf.constant(keep)));
        return tf.math.mul(x, fromFloat32(tf.math.mul(mask, tf.constant(1f / keep))));
    }

    private Operand<T> concat(List<Operand<T>> parts) {
        return tf.concat(parts, tf.constant(3));
    }

    List<Op> updateOps() {
        return Collections.unmodifiableList(updateOps);
    }

    double flopsPerPixel() {
        return flopsPerPixel;
    }
}
