package io.github.fijiunet.engine.tf.net;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Builds one architecture into a graph; building twice with one {@link VariableStore} shares the weights. */
public interface NetworkBuilder {

    /**
     * @param tf    scope for the layer ops (variables are named by the store, independent of this scope)
     * @param input NHWC float input, already normalised
     */
    Network build(Ops tf, Operand<TFloat32> input, Mode mode, VariableStore store);

    int inputChannels();

    int outputChannels();

    /** "sigmoid" for one output channel, else "softmax". */
    default String outputActivation() {
        return outputChannels() == 1 ? "sigmoid" : "softmax";
    }

    /** Input height and width must be multiples of this (2^depth for U-Nets). */
    int tileMultiple();

    /** Overlap the runtime should give tiles, in pixels. */
    int halo();

    /**
     * TensorFlow's peak working memory per input pixel of one float32 inference pass: sizes the
     * automatic tiles so that a window fits the memory budget without wasting it on halo.
     */
    long activationBytesPerPixel();

    /** [height, width] of a fixed-size input, or null for fully convolutional networks. */
    int[] fixedInputSize();

    /** One line of hyper-parameters for logs and model cards. */
    String summary();
}
