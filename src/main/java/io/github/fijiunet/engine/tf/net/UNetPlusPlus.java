package io.github.fijiunet.engine.tf.net;

import io.github.fijiunet.InvalidInputException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * U-Net++ (Zhou et al. 2018): nested, densely connected skip pathways. Node X^{i,j} (level i,
 * column j) is a pair of 3×3 conv blocks over the concatenation of X^{i,0..j-1} and the
 * transposed-conv up-sampling of X^{i+1,j-1}; X^{i,0} is the encoder. Filters at level i are
 * {@code baseFilters·2^i}.
 *
 * <p>Deep supervision: with it, every X^{0,j} (j = 1..depth) gets a 1×1 output head and training
 * averages the heads' losses. The exported graph either averages the heads' probabilities
 * ({@code exportHead = 0}) or is pruned to head {@code exportHead}, building only the nodes that
 * head depends on (faster inference, as in the paper). Without deep supervision there is one head,
 * X^{0,depth}.
 */
public final class UNetPlusPlus implements NetworkBuilder {

    /**
     * As {@link UNet#PEAK_VALUES_PER_FILTER}, higher because every X^{0,j} stays live for the
     * nodes after it: measured 729 bytes per pixel with 16 base filters (about 11 values per
     * filter; 2048², depth 3, deep supervision averaging three heads).
     */
    private static final int PEAK_VALUES_PER_FILTER = 16;

    private final int inputChannels;
    private final int outputChannels;
    private final int depth;
    private final int baseFilters;
    private final boolean batchNorm;
    private final float dropout;
    private final boolean deepSupervision;
    private final int exportHead;
    private final long seed;

    public UNetPlusPlus(int inputChannels, int outputChannels, int depth, int baseFilters, boolean batchNorm,
            float dropout, boolean deepSupervision, int exportHead, long seed) {
        if (depth < 1 || depth > 6) throw new InvalidInputException("U-Net++ depth must be 1 to 6, got " + depth + ".");
        if (baseFilters < 1) throw new InvalidInputException("U-Net++ base filters must be at least 1, got " + baseFilters + ".");
        if (dropout < 0 || dropout >= 1) throw new InvalidInputException("Dropout must be in [0, 1), got " + dropout + ".");
        if (exportHead < 0 || exportHead > depth || (exportHead > 0 && !deepSupervision)) {
            throw new InvalidInputException("The U-Net++ export head must be 0 (average of all heads) or 1.." + depth
                    + " with deep supervision on, got " + exportHead + ".");
        }
        this.inputChannels = inputChannels;
        this.outputChannels = outputChannels;
        this.depth = depth;
        this.baseFilters = baseFilters;
        this.batchNorm = batchNorm;
        this.dropout = dropout;
        this.deepSupervision = deepSupervision;
        this.exportHead = exportHead;
        this.seed = seed;
    }

    /** Whether the exported output is the average of every head (deep supervision, no head picked). */
    public boolean averagesAllHeads() {
        return deepSupervision && exportHead == 0 && depth > 1;
    }

    /** The same network exporting {@code head} (1..depth) alone. */
    public UNetPlusPlus exportingHead(int head) {
        return new UNetPlusPlus(inputChannels, outputChannels, depth, baseFilters, batchNorm, dropout, true, head, seed);
    }

    private int filters(int level) {
        return baseFilters << level;
    }

    @Override
    public Network build(Ops tf, Operand<TFloat32> input, Mode mode, VariableStore store) {
        return build(tf, input, mode, Layers.forMode(tf, store, mode), store);
    }

    private <T extends TFloating> Network build(Ops tf, Operand<TFloat32> input, Mode mode, Layers<T> layers, VariableStore store) {
        boolean pruned = !mode.training() && exportHead > 0;
        // Nodes with i + j <= reach are built; pruning to head L needs only i + j <= L.
        int reach = pruned ? exportHead : depth;
        List<List<Operand<T>>> nodes = new ArrayList<>();
        for (int i = 0; i <= depth; i++) nodes.add(new ArrayList<>());

        Operand<T> x = layers.fromFloat32(input);
        int channels = inputChannels;
        for (int i = 0; i <= reach; i++) {
            if (i > 0) x = layers.maxPool2(x);
            x = layers.convBlock("x" + i + "_0/conv1", x, channels, filters(i), i, batchNorm);
            if (i == depth) x = layers.dropout(x, dropout, seed);
            x = layers.convBlock("x" + i + "_0/conv2", x, filters(i), filters(i), i, batchNorm);
            nodes.get(i).add(x);
            channels = filters(i);
        }
        for (int j = 1; j <= reach; j++) {
            for (int i = 0; i + j <= reach; i++) {
                String name = "x" + i + "_" + j;
                List<Operand<T>> parts = new ArrayList<>(nodes.get(i));
                parts.add(layers.upConv(name + "/upconv", nodes.get(i + 1).get(j - 1), filters(i + 1), filters(i), i));
                int[] partChannels = new int[j + 1];
                Arrays.fill(partChannels, filters(i));
                Operand<T> y = layers.convBlock(name + "/conv1", parts, partChannels, filters(i), i, batchNorm);
                nodes.get(i).add(layers.convBlock(name + "/conv2", y, filters(i), filters(i), i, batchNorm));
            }
        }

        List<Operand<TFloat32>> heads = new ArrayList<>();
        if (pruned) {
            heads.add(layers.logits("head" + exportHead, nodes.get(0).get(exportHead), filters(0), outputChannels));
        } else if (deepSupervision) {
            // The deepest head first: it is the one reported as the main logits.
            for (int j = depth; j >= 1; j--) heads.add(layers.logits("head" + j, nodes.get(0).get(j), filters(0), outputChannels));
        } else {
            heads.add(layers.logits("head" + depth, nodes.get(0).get(depth), filters(0), outputChannels));
        }
        Operand<TFloat32> probabilities = Heads.activate(tf, heads.get(0), outputChannels);
        if (heads.size() > 1) {
            for (int h = 1; h < heads.size(); h++) probabilities = tf.math.add(probabilities, Heads.activate(tf, heads.get(h), outputChannels));
            probabilities = tf.math.div(probabilities, tf.constant((float) heads.size()));
        }
        return new Network(input, heads, probabilities, store, layers);
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

    /** As for {@link UNet#halo()}: 2·2^depth. */
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
        return "U-Net++ depth " + depth + ", base filters " + baseFilters + ", batch norm " + (batchNorm ? "on" : "off")
                + ", dropout " + dropout + ", deep supervision " + (deepSupervision ? "on" : "off") + ", exported head "
                + (exportHead == 0 ? (deepSupervision ? "average of all" : String.valueOf(depth)) : exportHead + " (pruned)")
                + ", " + outputChannels + " output channel(s), " + outputActivation();
    }
}
