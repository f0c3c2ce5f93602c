package io.github.fijiunet.engine.tf.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyAdam;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015) whose learning rate is fed each step, so that a schedule can change it;
 * tensorflow-framework's {@code Adam} bakes it into the graph. Only the given variables are
 * trained (not the batch-norm statistics). Its slots are graph variables, saved with checkpoints.
 */
final class AdamWithSchedule {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-7f;

    private AdamWithSchedule() {}

    static Op minimize(Ops tf, Operand<TFloat32> loss, List<Variable<TFloat32>> variables, Operand<TFloat32> learningRate) {
        Gradients gradients = tf.gradients(loss, variables);
        Variable<TFloat32> beta1Power = tf.withName("adam.beta1_power").variable(tf.constant(BETA1));
        Variable<TFloat32> beta2Power = tf.withName("adam.beta2_power").variable(tf.constant(BETA2));
        Operand<TFloat32> beta1 = tf.constant(BETA1);
        Operand<TFloat32> beta2 = tf.constant(BETA2);
        Operand<TFloat32> epsilon = tf.constant(EPSILON);
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            Variable<TFloat32> v = variables.get(i);
            String name = v.op().name();
            Variable<TFloat32> m = tf.withName(name + ".adam_m").variable(tf.zeros(tf.constant(v.shape().asArray()), TFloat32.class));
            Variable<TFloat32> s = tf.withName(name + ".adam_v").variable(tf.zeros(tf.constant(v.shape().asArray()), TFloat32.class));
            Operand<TFloat32> gradient = gradients.<TFloat32>dy(i);
            updates.add(tf.train.applyAdam(v, m, s, beta1Power, beta2Power, learningRate, beta1, beta2, epsilon, gradient,
                    ApplyAdam.useLocking(true)));
        }
        Ops afterUpdates = tf.withControlDependencies(updates);
        List<Op> powers = List.of(afterUpdates.assign(beta1Power, afterUpdates.math.mul(beta1Power, beta1)),
                afterUpdates.assign(beta2Power, afterUpdates.math.mul(beta2Power, beta2)));
        return tf.withControlDependencies(powers).withName("train_step").noOp();
    }
}
