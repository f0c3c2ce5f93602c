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
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Small fully convolutional SavedModels with fixed random weights, exported the way the trainer
 * exports: a two-level U-Net (conv-conv, max-pool, conv-conv, nearest up-sampling, skip concat,
 * conv, sigmoid). Its pooling multiple is 4 and its receptive field radius about 12 pixels.
 */
public final class TestModels {

    public static final int MULTIPLE = 4;
    public static final int HALO = 16;

    private TestModels() {}

    /** A copy of the shipped model {@code name} in {@code dir}, for tests that change a model folder. */
    public static Path copyOfShipped(String name, Path dir) throws IOException {
        Path source = io.github.fijiunet.model.ModelCatalog.standard().resolve(name);
        Path target = dir.resolve(name + "-copy");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) java.nio.file.Files.createDirectories(to);
                else java.nio.file.Files.copy(p, to);
            }
        }
        return target;
    }

    public static Path exportTinyUNet(Path dir, int inChannels, int outChannels) throws IOException {
        return exportTinyUNet(dir, inChannels, outChannels, false);
    }

    /**
     * With {@code finiteInputsOnly} the graph checks its input (CheckNumerics) and fails at run
     * time on NaN or infinite pixels: a model that loads and then fails while running.
     */
    public static Path exportTinyUNet(Path dir, int inChannels, int outChannels, boolean finiteInputsOnly) throws IOException {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Random random = new Random(42);
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, -1, -1, inChannels)));
            Operand<TFloat32> checked = finiteInputsOnly ? tf.debugging.checkNumerics(input, "input pixels") : input;
            Operand<TFloat32> a = conv(tf, random, checked, inChannels, 8, 3, true);
            a = conv(tf, random, a, 8, 8, 3, true);
            Operand<TFloat32> b = tf.nn.maxPool(a, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
            b = conv(tf, random, b, 8, 16, 3, true);
            b = conv(tf, random, b, 16, 16, 3, true);
            Operand<TFloat32> size = tf.dtypes.cast(tf.math.mul(
                    tf.slice(tf.shape(b), tf.constant(new int[] {1}), tf.constant(new int[] {2})), tf.constant(2)), TFloat32.class);
            Operand<TFloat32> up = tf.image.resizeNearestNeighbor(b, tf.dtypes.cast(size, org.tensorflow.types.TInt32.class));
            Operand<TFloat32> merged = tf.concat(List.of(a, up), tf.constant(3));
            Operand<TFloat32> c = conv(tf, random, merged, 24, 8, 3, true);
            Operand<TFloat32> logits = conv(tf, random, c, 8, outChannels, 1, false);
            Operand<TFloat32> output = tf.withName("probabilities").math.sigmoid(logits);
            session.initialize();
            SavedModelBundle.exporter(dir.toString()).withSession(session).withSignature(
                    Signature.builder().key("serving_default").input("input", input).output("output", output).build()).export();
        }
        ModelDescriptor.create("tiny-unet", Task.SEMANTIC, new ModelDescriptor.Port("input", inChannels),
                        new ModelDescriptor.Port("output", outChannels))
                .normalization(Normalization.percentile(1, 99.8))
                .tileMultiple(MULTIPLE)
                .halo(HALO)
                .outputActivation("sigmoid")
                .write(dir);
        return dir;
    }

    private static Operand<TFloat32> conv(Ops tf, Random random, Operand<TFloat32> x, int in, int out, int k, boolean relu) {
        float[] weights = new float[k * k * in * out];
        double std = Math.sqrt(2.0 / (k * k * in));
        for (int i = 0; i < weights.length; i++) weights[i] = (float) (random.nextGaussian() * std);
        float[] bias = new float[out];
        Arrays.fill(bias, 0.05f);
        Operand<TFloat32> w = tf.variable(tf.constant(Shape.of(k, k, in, out), org.tensorflow.ndarray.buffer.DataBuffers.of(weights, true, false)));
        Operand<TFloat32> b = tf.variable(tf.constant(bias));
        Operand<TFloat32> y = tf.nn.biasAdd(tf.nn.conv2d(x, w, List.of(1L, 1L, 1L, 1L), "SAME"), b);
        return relu ? tf.nn.relu(y) : y;
    }
}
