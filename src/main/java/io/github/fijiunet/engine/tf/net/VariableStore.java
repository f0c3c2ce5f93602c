package io.github.fijiunet.engine.tf.net;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named float variables of one network in one graph. A second build of the same network with
 * the same store (the inference twin of the training net) reuses the variables by name, and a
 * build in another graph creates variables with the same names, so checkpoints written from one
 * graph restore into the other.
 */
public final class VariableStore {

    private final Ops tf;
    private final long seed;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final List<Variable<TFloat32>> trainable = new ArrayList<>();

    /** {@code tf} must be the graph's root scope so that variable names do not depend on the caller's scope. */
    public VariableStore(Ops tf, long seed) {
        this.tf = tf;
        this.seed = seed;
    }

    /** A trainable weight with He-normal initialisation (truncated, std sqrt(2 / fanIn)), good for ReLU nets. */
    public Variable<TFloat32> heNormal(String name, long fanIn, long... shape) {
        return getOrCreate(name, true, () -> {
            // A distinct, reproducible seed per variable: the creation index mixed with the user seed.
            long variableSeed = seed * 1_000_003L + variables.size() + 1;
            Operand<TFloat32> unit = tf.random.truncatedNormal(tf.constant(shape), TFloat32.class,
                    TruncatedNormal.seed(variableSeed), TruncatedNormal.seed2(variables.size() + 17L));
            return tf.math.mul(unit, tf.constant((float) Math.sqrt(2.0 / fanIn)));
        });
    }

    /** A trainable variable filled with {@code value} (biases, batch-norm scale and offset). */
    public Variable<TFloat32> constantFilled(String name, float value, long... shape) {
        return getOrCreate(name, true, () -> tf.fill(tf.constant(shape), tf.constant(value)));
    }

    /** A non-trainable state variable (batch-norm moving statistics), saved and exported with the weights. */
    public Variable<TFloat32> state(String name, float value, long... shape) {
        return getOrCreate(name, false, () -> tf.fill(tf.constant(shape), tf.constant(value)));
    }

    private Variable<TFloat32> getOrCreate(String name, boolean isTrainable, java.util.function.Supplier<Operand<TFloat32>> init) {
        Variable<TFloat32> existing = variables.get(name);
        if (existing != null) return existing;
        // Graph op names allow no "/" here; dots keep the hierarchy readable.
        Variable<TFloat32> v = tf.withName(name.replace('/', '.')).variable(init.get());
        variables.put(name, v);
        if (isTrainable) trainable.add(v);
        return v;
    }

    public List<Variable<TFloat32>> trainable() {
        return Collections.unmodifiableList(trainable);
    }

    /** All variables by name, trainable and state, in creation order. */
    public Map<String, Variable<TFloat32>> all() {
        return Collections.unmodifiableMap(variables);
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Variable<TFloat32> v : trainable) n += v.shape().size();
        return n;
    }
}
