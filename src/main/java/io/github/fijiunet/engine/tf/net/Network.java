package io.github.fijiunet.engine.tf.net;

import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

import java.util.List;

/**
 * One built network: its input, the logits of every output head (one, except U-Net++ with deep
 * supervision), the probabilities the exported model returns, the trainable variables, the ops that
 * update batch-norm statistics (run them with each training step) and its analytic cost.
 */
public final class Network {

    private final Operand<TFloat32> input;
    private final List<Operand<TFloat32>> headLogits;
    private final Operand<TFloat32> probabilities;
    private final List<Variable<TFloat32>> trainableVariables;
    private final List<Op> updateOps;
    private final long parameterCount;
    private final double flopsPerPixel;

    Network(Operand<TFloat32> input, List<Operand<TFloat32>> headLogits, Operand<TFloat32> probabilities,
            VariableStore store, Layers layers) {
        this.input = input;
        this.headLogits = List.copyOf(headLogits);
        this.probabilities = probabilities;
        this.trainableVariables = List.copyOf(store.trainable());
        this.updateOps = List.copyOf(layers.updateOps());
        this.parameterCount = store.parameterCount();
        this.flopsPerPixel = layers.flopsPerPixel();
    }

    public Operand<TFloat32> input() {
        return input;
    }

    /** Logits of the main head (the first, or the only one). */
    public Operand<TFloat32> logits() {
        return headLogits.get(0);
    }

    /** Logits of every supervised head; the training loss averages over them. */
    public List<Operand<TFloat32>> headLogits() {
        return headLogits;
    }

    /** Sigmoid or softmax output: what the exported model returns. */
    public Operand<TFloat32> probabilities() {
        return probabilities;
    }

    public List<Variable<TFloat32>> trainableVariables() {
        return trainableVariables;
    }

    public List<Op> updateOps() {
        return updateOps;
    }

    public long parameterCount() {
        return parameterCount;
    }

    /** Forward-pass floating-point operations (2 per multiply-add) of convolutions and dense layers per input pixel. */
    public double flopsPerPixel() {
        return flopsPerPixel;
    }
}
