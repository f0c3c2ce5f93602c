package io.github.fijiunet.engine.tf.train;

import io.github.fijiunet.model.Task;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.util.List;

/**
 * Training losses, averaged over the network's supervised heads:
 * <ul>
 * <li>semantic (1 channel): binary cross-entropy from logits + {@code diceWeight}·(1 − soft Dice);</li>
 * <li>instance (background/boundary/interior): pixel-weighted softmax cross-entropy, boundary pixels
 * weighted {@code boundaryWeight} and each pixel by the sum of its target row (the weight maps of
 * {@link io.github.fijiunet.train.SegmentationDataset#withBorderWeights} and
 * {@link io.github.fijiunet.train.SegmentationDataset#withSmallObjectWeights}, else 1),
 * normalised by the total weight;</li>
 * <li>classification: softmax cross-entropy.</li>
 * </ul>
 */
final class Losses {

    private Losses() {}

    static Operand<TFloat32> build(Ops tf, Task task, List<Operand<TFloat32>> headLogits, Operand<TFloat32> targets,
            float boundaryWeight, float diceWeight) {
        Operand<TFloat32> total = null;
        for (Operand<TFloat32> logits : headLogits) {
            Operand<TFloat32> loss;
            switch (task) {
                case SEMANTIC:
                    loss = binary(tf, logits, targets, diceWeight);
                    break;
                case INSTANCE:
                    loss = weightedCrossEntropy(tf, logits, targets, boundaryWeight);
                    break;
                default:
                    loss = tf.math.neg(tf.math.mean(tf.reduceSum(tf.math.mul(targets, tf.nn.logSoftmax(logits)), tf.constant(-1)),
                            tf.constant(0)));
            }
            total = total == null ? loss : tf.math.add(total, loss);
        }
        return headLogits.size() == 1 ? total : tf.math.div(total, tf.constant((float) headLogits.size()));
    }

    private static Operand<TFloat32> binary(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> targets, float diceWeight) {
        // Stable BCE from logits: max(x, 0) − x·t + log(1 + e^−|x|).
        Operand<TFloat32> bce = tf.math.add(tf.math.sub(tf.nn.relu(logits), tf.math.mul(logits, targets)),
                tf.math.softplus(tf.math.neg(tf.math.abs(logits))));
        Operand<TFloat32> loss = mean(tf, bce);
        if (diceWeight > 0) {
            Operand<TFloat32> p = tf.math.sigmoid(logits);
            Operand<TFloat32> one = tf.constant(1f);
            Operand<TFloat32> dice = tf.math.div(tf.math.add(tf.math.mul(tf.constant(2f), sum(tf, tf.math.mul(p, targets))), one),
                    tf.math.add(tf.math.add(sum(tf, p), sum(tf, targets)), one));
            loss = tf.math.add(loss, tf.math.mul(tf.constant(diceWeight), tf.math.sub(one, dice)));
        }
        return loss;
    }

    private static Operand<TFloat32> weightedCrossEntropy(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> targets, float boundaryWeight) {
        // LogSoftmax's registered C++ gradient sums over axis 1, so it is only right for [pixels, classes].
        Operand<TInt32> rows = tf.constant(new int[] {-1, 3});
        Operand<TFloat32> flatTargets = tf.reshape(targets, rows);
        // A target row is its class's one-hot times the pixel's weight (1, or more near touching objects): the
        // cross-entropy is that of the one-hot, the weight multiplies it.
        Operand<TFloat32> pixelWeight = tf.math.maximum(tf.reduceSum(flatTargets, tf.constant(-1)), tf.constant(1e-6f));
        Operand<TFloat32> perPixel = tf.math.div(tf.math.neg(tf.reduceSum(tf.math.mul(flatTargets, tf.nn.logSoftmax(tf.reshape(logits, rows))),
                tf.constant(-1))), pixelWeight);
        Operand<TFloat32> classWeights = tf.constant(new float[] {1f, boundaryWeight, 1f});
        Operand<TFloat32> weights = tf.reduceSum(tf.math.mul(flatTargets, classWeights), tf.constant(-1));
        return tf.math.div(sum(tf, tf.math.mul(weights, perPixel)), sum(tf, weights));
    }

    private static Operand<TFloat32> sum(Ops tf, Operand<TFloat32> x) {
        return tf.reduceSum(x, tf.range(tf.constant(0), tf.rank(x), tf.constant(1)));
    }

    private static Operand<TFloat32> mean(Ops tf, Operand<TFloat32> x) {
        return tf.math.mean(x, tf.range(tf.constant(0), tf.rank(x), tf.constant(1)));
    }
}
