package io.github.fijiunet.engine.tf.net;

import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/** Whether a network is built for training (batch statistics, dropout on) or inference, and in which arithmetic. */
public enum Mode {
    TRAINING(TFloat32.class, true),
    /**
     * Training whose convolutions, pooling, ReLU and batch norm run in bfloat16, forward and
     * backward. Weights (updated by the optimiser in float32), batch-norm statistics, the output
     * layer, the logits and the loss stay float32.
     */
    TRAINING_BFLOAT16(TBfloat16.class, true),
    INFERENCE(TFloat32.class, false),
    /**
     * Inference with bfloat16 layer arithmetic (8-bit mantissa, float32's range): about 1.7× faster
     * on CPUs with AVX512-BF16 or AMX. Input, logits and the output activation stay float32.
     */
    INFERENCE_BFLOAT16(TBfloat16.class, false);

    private final Class<? extends TFloating> arithmetic;

    private final boolean training;

    Mode(Class<? extends TFloating> arithmetic, boolean training) {
        this.arithmetic = arithmetic;
        this.training = training;
    }

    /** Batch statistics and dropout (training) rather than moving statistics, folded into the convs (inference). */
    public boolean training() {
        return training;
    }

    /** The tensor type of the layer ops. */
    public Class<? extends TFloating> arithmetic() {
        return arithmetic;
    }
}
