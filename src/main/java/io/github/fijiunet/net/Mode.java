package io.github.fijiunet.net;

import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/** Whether a network is built for training (batch statistics, dropout on) or inference, and in which arithmetic. */
public enum Mode {
    TRAINING(TFloat32.class),
    INFERENCE(TFloat32.class),
    /**
     * Inference with bfloat16 layer arithmetic (8-bit mantissa, float32's range): about 1.7× faster
     * on CPUs with AVX512-BF16 or AMX. Input, logits and the output activation stay float32.
     */
    INFERENCE_BFLOAT16(TBfloat16.class);

    private final Class<? extends TFloating> arithmetic;

    Mode(Class<? extends TFloating> arithmetic) {
        this.arithmetic = arithmetic;
    }

    /** The tensor type of the layer ops. */
    public Class<? extends TFloating> arithmetic() {
        return arithmetic;
    }
}
