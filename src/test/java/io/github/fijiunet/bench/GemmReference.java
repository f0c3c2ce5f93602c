package io.github.fijiunet.bench;

import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.family.TFloating;

/**
 * The machine's reference speed: a large square matrix product run by TensorFlow with given thread
 * settings, timed product by product so that benchmarks can interleave it with their own work and
 * compare against the best rate seen in the same run.
 */
final class GemmReference implements AutoCloseable {

    /** Large enough (0.2-0.4 s per product here) that the best of several runs is a stable reference. */
    static final int SIZE = 4096;

    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<? extends TFloating> input;
    private final Tensor operand;
    private double bestSeconds = Double.MAX_VALUE;

    /** Builds the product and runs it once (kernel selection, allocator growth); {@code threads} 0 = all cores. */
    GemmReference(int threads, Class<? extends TFloating> type) {
        ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(threads == 0 ? 0 : 1).build();
        session = new Session(graph, config);
        input = placeholder(Ops.create(graph), type);
        operand = Tensor.of(type, Shape.of(SIZE, SIZE));
        try {
            run();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static <T extends TFloating> Placeholder<T> placeholder(Ops tf, Class<T> type) {
        Placeholder<T> a = tf.placeholder(type, Placeholder.shape(Shape.of(SIZE, SIZE)));
        tf.withName("product").linalg.matMul(a, a);
        return a;
    }

    private void run() {
        try (Result r = session.runner().feed(input, operand).fetch("product").run()) {
            r.get(0);
        }
    }

    /** Times {@code products} more products. */
    GemmReference time(int products) {
        for (int i = 0; i < products; i++) bestSeconds = Math.min(bestSeconds, Timing.seconds(this::run));
        return this;
    }

    /** FLOP/s of the fastest product timed so far. */
    double bestFlops() {
        return 2.0 * SIZE * SIZE * SIZE / bestSeconds;
    }

    /** The best FLOP/s of five products of {@code type}. */
    static double flops(int threads, Class<? extends TFloating> type) {
        try (GemmReference gemm = new GemmReference(threads, type)) {
            return gemm.time(5).bestFlops();
        }
    }

    @Override
    public void close() {
        operand.close();
        session.close();
        graph.close();
    }
}
