package io.github.fijiunet.engine.tf.train;

import io.github.fijiunet.engine.tf.net.Mode;
import io.github.fijiunet.engine.tf.net.Network;
import io.github.fijiunet.engine.tf.net.NetworkBuilder;
import io.github.fijiunet.engine.tf.net.VariableStore;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the lean inference graph of a network as a SavedModel: the network rebuilt for inference
 * in a fresh graph (no targets, losses or optimizer slots), its variables restored by name from a
 * training checkpoint. Two signatures share the input and the weights: {@value #SIGNATURE}
 * ({@link Mode#INFERENCE}, float32 arithmetic) and {@value #BFLOAT16_SIGNATURE}
 * ({@link Mode#INFERENCE_BFLOAT16}). Each has input {@code input} and output {@code output}
 * (probabilities), both float32 NHWC with free batch and, for fully convolutional nets, free height
 * and width.
 */
final class ModelExporter {

    static final String SIGNATURE = "serving_default";
    static final String BFLOAT16_SIGNATURE = "serving_bfloat16";
    static final String INPUT = "input";
    static final String OUTPUT = "output";
    /** What the inference graph does beyond the textbook layers, for model cards (see {@code Layers}). */
    static final String INFERENCE_GRAPH = "batch norm folded into the convolutions, concatenations convolved per part,"
            + " max-pooling run by oneDNN";

    private ModelExporter() {}

    static void export(NetworkBuilder builder, String checkpointPrefix, Path dir, ConfigProto config) throws IOException {
        try (Graph graph = new Graph(); Session session = new Session(graph, config)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(inputShape(builder)));
            VariableStore weights = new VariableStore(tf, 0);
            Network net = builder.build(tf, input, Mode.INFERENCE, weights);
            Operand<TFloat32> output = tf.withName(OUTPUT).identity(net.probabilities());
            Network bfloat16 = builder.build(tf.withSubScope("bfloat16"), input, Mode.INFERENCE_BFLOAT16, weights);
            Operand<TFloat32> bfloat16Output = tf.withName(OUTPUT + "_bfloat16").identity(bfloat16.probabilities());
            session.restore(checkpointPrefix);
            SavedModelBundle.exporter(dir.toString()).withSession(session)
                    .withSignatures(Signature.builder().key(SIGNATURE).input(INPUT, input).output(OUTPUT, output).build(),
                            Signature.builder().key(BFLOAT16_SIGNATURE).input(INPUT, input).output(OUTPUT, bfloat16Output).build())
                    .export();
        }
    }

    /** [-1, -1, -1, C] for fully convolutional nets, [-1, H, W, C] for fixed-size ones. */
    static Shape inputShape(NetworkBuilder builder) {
        int[] fixed = builder.fixedInputSize();
        return fixed == null ? Shape.of(-1, -1, -1, builder.inputChannels()) : Shape.of(-1, fixed[0], fixed[1], builder.inputChannels());
    }
}
