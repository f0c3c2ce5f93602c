package io.github.fijiunet;

import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A classification SavedModel with hand-set weights, exported as the trainer exports: an 8×8×1
 * input (min-max normalised), a 1×1 convolution (identity, ReLU), then one dense layer whose
 * class scores are the brightness of the left, right, top and bottom halves minus the rest, and a
 * softmax. A bright bar on one side is therefore classified as that side.
 */
public final class TestClassifiers {

    public static final int SIZE = 8;
    public static final List<String> CLASSES = List.of("left", "right", "top", "bottom");

    private TestClassifiers() {}

    public static Path exportSideClassifier(Path dir) throws IOException {
        int pixels = SIZE * SIZE;
        float[] weights = new float[pixels * CLASSES.size()];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean[] inHalf = {x < SIZE / 2, x >= SIZE / 2, y < SIZE / 2, y >= SIZE / 2};
                for (int c = 0; c < inHalf.length; c++) weights[(y * SIZE + x) * CLASSES.size() + c] = inHalf[c] ? 0.5f : -0.5f;
            }
        }
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, SIZE, SIZE, 1)));
            Operand<TFloat32> kernel = tf.variable(tf.constant(Shape.of(1, 1, 1, 1), DataBuffers.of(new float[] {1f}, true, false)));
            Operand<TFloat32> features = tf.nn.relu(tf.nn.conv2d(input, kernel, List.of(1L, 1L, 1L, 1L), "SAME"));
            Operand<TFloat32> flat = tf.reshape(features, tf.constant(new int[] {-1, pixels}));
            Operand<TFloat32> dense = tf.variable(tf.constant(Shape.of(pixels, CLASSES.size()), DataBuffers.of(weights, true, false)));
            Operand<TFloat32> output = tf.nn.softmax(tf.linalg.matMul(flat, dense));
            session.initialize();
            SavedModelBundle.exporter(dir.toString()).withSession(session).withSignature(
                    Signature.builder().key("serving_default").input("input", input).output("output", output).build()).export();
        }
        ModelDescriptor.create("side-classifier", Task.CLASSIFICATION, new ModelDescriptor.Port("input", 1),
                        new ModelDescriptor.Port("output", CLASSES.size()))
                .classes(CLASSES)
                .normalization(Normalization.minMax())
                .inputSize(SIZE, SIZE)
                .outputActivation("softmax")
                .write(dir);
        return dir;
    }
}
