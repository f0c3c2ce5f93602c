package io.github.fijiunet.engine.tf.net;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Turns logits into the probabilities the exported graph returns. */
final class Heads {

    private Heads() {}

    static Operand<TFloat32> activate(Ops tf, Operand<TFloat32> logits, int channels) {
        return channels == 1 ? tf.math.sigmoid(logits) : tf.nn.softmax(logits);
    }
}
