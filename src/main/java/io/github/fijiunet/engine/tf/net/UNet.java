package io.github.fijiunet.engine.tf.net;

import io.github.fijiunet.InvalidInputException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.List;

/**
 * U-Net (Ronneberger et al. 2015) with 'same' padding: per level two 3×3 conv blocks (conv,
 * optional batch norm, ReLU) with {@code baseFilters·2^level} filters, 2×2 max-pooling down,
 * 2×2 stride-2 transposed convolution up, concatenated skips, dropout before the bottleneck's
 * second conv, and a 1×1 output conv. One output channel gets a sigmoid, several a softmax.
 *
 * <p>Hyper-parameters: {@code depth} (number of poolings, default 4), {@code baseFilters}
 * (default 32), {@code batchNorm} (default on), {@code dropout} (rate at the bottleneck, default 0).
 */
public final class UNet implements NetworkBuilder {

    /**
     * Peak live activations per input pixel, in values per base filter. Measured peak resident
     * growth of one pass with 16 base filters: 200–265 bytes per pixel (2048² and 3072²,
     * {@code VmHWM}), about 4 values per filter; 6 leaves a margin for allocator slack.
     */
    static final int PEAK_VALUES_PER_FILTER = 6;

    private final int inputChannels;
    private final int outputChannels;
    private final int depth;
    private final int baseFilters;
    private final boolean batchNorm;
    private final float dropout;
    private final long seed;

    public UNet(int inputChannels, int outputChannels, int depth, int baseFilters, boolean batchNorm, float dropout, long seed) {
        if (depth < 1 || depth > 6) throw new InvalidInputException("U-Net depth must be 1 to 6, got " + depth + ".");
        if (baseFilters < 1) throw new InvalidInputException("U-Net base filters must be at least 1, got " + baseFilters + ".");
        if (dropout < 0 || dropout >= 1) throw new InvalidInputException("Dropout must be in [0, 1), got " + dropout + ".");
        this.inputChannels = inputChannels;
        this.outputChannels = outputChannels;
        this.depth = depth;
        this.baseFilters = baseFilters;
        this.batchNorm = batchNorm;
        this.dropout = dropout;
        this.seed = seed;
    }

    int filters(int level) {
        return baseFilters << level;
    }

    @Override
    public Network build(Ops tf, Operand<TFloat32> input, Mode mode, VariableStore store) {
        return build(tf, input, Layers.forMode(tf, store, mode), store);
    }

    private <T extends TFloating> Network build(Ops tf, Operand<TFloat32> input, Layers<T> layers, VariableStore store) {
        List<Operand<T>> skips = new ArrayList<>();
        Operand<T> x = layers.fromFloat32(input);
        int channels = inputChannels;
        for (int level = 0; level < depth; level++) {
            x = layers.convBlock("down" + level + "/conv1", x, channels, filters(level), level, batchNorm);
            x = layers.convBlock("down" + level + "/conv2", x, filters(level), filters(level), level, batchNorm);
            skips.add(x);
            x = layers.maxPool2(x);
            channels = filters(level);
        }
        x = layers.convBlock("bottom/conv1", x, channels, filters(depth), depth, batchNorm);
        x = layers.dropout(x, dropout, seed);
        x = layers.convBlock("bottom/conv2", x, filters(depth), filters(depth), depth, batchNorm);
        for (int level = depth - 1; level >= 0; level--) {
            x = layers.upConv("up" + level + "/upconv", x, filters(level + 1), filters(level), level);
            x = layers.convBlock("up" + level + "/conv1", List.of(skips.get(level), x), new int[] {filters(level), filters(level)},
                    filters(level), level, batchNorm);
            x = layers.convBlock("up" + level + "/conv2", x, filters(level), filters(level), level, batchNorm);
        }
        Operand<TFloat32> logits = layers.logits("output", x, filters(0), outputChannels);
        return new Network(input, List.of(logits), Heads.activate(tf, logits, outputChannels), store, layers);
    }

    /**
     * Trainable parameters by formula: per conv block 9·in·out weights (+out bias without batch
     * norm, +2·out scale/offset with it), per up-conv 4·in·out+out, output conv f0·C+C.
     */
    public long expectedParameterCount() {
        long n = 0;
        int in = inputChannels;
        for (int level = 0; level < depth; level++) {
            n += convBlockParameters(in, filters(level)) + convBlockParameters(filters(level), filters(level));
            in = filters(level);
        }
        n += convBlockParameters(in, filters(depth)) + convBlockParameters(filters(depth), filters(depth));
        for (int level = depth - 1; level >= 0; level--) {
            n += 4L * filters(level + 1) * filters(level) + filters(level);
            n += convBlockParameters(2 * filters(level), filters(level)) + convBlockParameters(filters(level), filters(level));
        }
        return n + (long) filters(0) * outputChannels + outputChannels;
    }

    private long convBlockParameters(int in, int out) {
        return 9L * in * out + (batchNorm ? 2L * out : out);
    }

    @Override
    public int inputChannels() {
        return inputChannels;
    }

    @Override
    public int outputChannels() {
        return outputChannels;
    }

    @Override
    public int tileMultiple() {
        return 1 << depth;
    }

    /**
     * 2·2^depth pixels (32 for depth 4): the theoretical receptive field is far larger (about
     * 200 px at depth 4), but the effective one is concentrated in the centre; this margin keeps
     * tile seams invisible in practice at a moderate overlap cost.
     */
    @Override
    public int halo() {
        return 2 << depth;
    }

    @Override
    public long activationBytesPerPixel() {
        return (long) PEAK_VALUES_PER_FILTER * baseFilters * Float.BYTES;
    }

    @Override
    public int[] fixedInputSize() {
        return null;
    }

    @Override
    public String summary() {
        return "U-Net depth " + depth + ", base filters " + baseFilters + ", batch norm " + (batchNorm ? "on" : "off")
                + ", dropout " + dropout + ", transposed-conv up-sampling, " + outputChannels + " output channel(s), "
                + outputActivation();
    }
}
