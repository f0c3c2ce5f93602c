package io.github.fijiunet.bench;

import io.github.fijiunet.Progress;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.predict.Tile;
import io.github.fijiunet.predict.TiledPredictor;
import io.github.fijiunet.predict.TilingOptions;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.Normalizer;
import org.tensorflow.Graph;
import org.tensorflow.Tensor;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

import java.nio.file.Path;
import java.util.List;

/**
 * U-Net inference in float32 and (where the CPU has it) bfloat16 arithmetic: the network's counted
 * convolution FLOP/s in one pass over a 2048×2048 plane against TensorFlow's own sgemm FLOP/s on a
 * large MatMul (and, for bfloat16, against its bfloat16 MatMul); and automatic tiles against one
 * pass over a 4096×4096 plane (time ratio), large enough that the automatic plan tiles it. All
 * measured in this run with the same thread settings.
 */
final class PredictionBenchmark {

    private static final int SIZE = 2048;
    /** The tiling comparison's plane: several automatic windows for every shipped model, one pass still fits in memory. */
    private static final int TILED_SIZE = 4096;
    /** Large enough (0.4 s per product here) that the best of several runs is a stable reference. */
    private static final int MATMUL = 4096;

    private PredictionBenchmark() {}

    static void run(Path modelDir, int threads, StringBuilder report) {
        String threadText = threads == 0 ? "all cores / all cores" : threads + " / 1";
        double sgemm = gemmFlops(threads, TFloat32.class);
        report.append(String.format("infer TensorFlow sgemm %dx%d: %.1f GFLOP/s (intra-op / inter-op threads %s)%n", MATMUL, MATMUL,
                sgemm / 1e9, threadText));
        ArrayPlane image = new SyntheticNuclei(SIZE, 5).plane();
        ArrayPlane largeImage = new SyntheticNuclei(TILED_SIZE, 5).plane();
        for (Precision precision : Precision.values()) {
            RuntimeOptions runtime = new RuntimeOptions(ComputeDevice.CPU, threads, threads == 0 ? 0 : 1, precision);
            try (LoadedModel model = LoadedModel.load(modelDir, runtime)) {
                String arithmetic = precision.text();
                if (model.precision() != precision) {
                    report.append("infer ").append(arithmetic).append(" skipped: ").append(String.join(" ", model.warnings()))
                            .append(System.lineSeparator());
                    continue;
                }
                // The bfloat16 reference only where the model runs bfloat16 natively; elsewhere it would time emulation.
                double bfloat16Gemm = precision == Precision.BFLOAT16 ? gemmFlops(threads, TBfloat16.class) : Double.NaN;
                if (precision == Precision.BFLOAT16) {
                    report.append(String.format("infer TensorFlow bfloat16 gemm %dx%d: %.1f GFLOP/s%n", MATMUL, MATMUL, bfloat16Gemm / 1e9));
                }
                String name = model.descriptor().name();
                Runnable singlePass = pass(new TiledPredictor(model, TilingOptions.tileSize(SIZE)), image, model);
                singlePass.run(); // warm-up: graph optimisation and allocator growth
                double singleSeconds = timeBest(singlePass, 2);
                double flopsPerPixel = model.descriptor().training().has("flopsPerPixel")
                        ? model.descriptor().training().get("flopsPerPixel").getAsDouble() : Double.NaN;
                double modelFlops = flopsPerPixel * SIZE * SIZE / singleSeconds;
                report.append(String.format("infer %s %s on %dx%d: single pass %.2f s; counted conv FLOP/s %.1f GFLOP/s (%.0f FLOP/pixel)"
                                + " = %.2f of sgemm%s%n", name, arithmetic, SIZE, SIZE, singleSeconds, modelFlops / 1e9, flopsPerPixel,
                        modelFlops / sgemm, precision == Precision.BFLOAT16 ? String.format(", %.2f of bfloat16 gemm", modelFlops / bfloat16Gemm) : ""));

                TiledPredictor tiled = new TiledPredictor(model, TilingOptions.DEFAULT);
                List<Tile> tiles = tiled.tilesFor(TILED_SIZE, TILED_SIZE);
                Runnable largeSinglePass = pass(new TiledPredictor(model, TilingOptions.tileSize(TILED_SIZE)), largeImage, model);
                Runnable tiledPass = pass(tiled, largeImage, model);
                largeSinglePass.run();
                tiledPass.run();
                // Best of three, alternated, so that a slow moment of the shared machine does not fall on one side only
                // (single pairs here ranged 0.95-1.10 around a best-of-five 1.04).
                double largeSingleSeconds = Double.MAX_VALUE;
                double tiledSeconds = Double.MAX_VALUE;
                for (int i = 0; i < 3; i++) {
                    largeSingleSeconds = Math.min(largeSingleSeconds, timeBest(largeSinglePass, 1));
                    tiledSeconds = Math.min(tiledSeconds, timeBest(tiledPass, 1));
                }
                long windowPixels = tiles.stream().mapToLong(t -> (long) t.windowWidth * t.windowHeight).sum();
                int widestTile = tiles.stream().mapToInt(t -> Math.max(t.width, t.height)).max().orElse(0);
                int widestWindow = tiles.stream().mapToInt(t -> Math.max(t.windowWidth, t.windowHeight)).max().orElse(0);
                report.append(String.format("infer %s %s on %dx%d: single pass %.2f s; %d automatic tiles of %d px (windows up to %d px,"
                                + " halo %d, %.3f x the pixels; automatic limit %d px) %.2f s (%.2f s/tile); tiled/single %.2f%n", name,
                        arithmetic, TILED_SIZE, TILED_SIZE, largeSingleSeconds, tiles.size(), widestTile, widestWindow, tiled.halo(),
                        (double) windowPixels / ((long) TILED_SIZE * TILED_SIZE), tiled.tileSize(), tiledSeconds, tiledSeconds / tiles.size(),
                        tiledSeconds / largeSingleSeconds));
            }
        }
    }

    /** One prediction of {@code image} by {@code predictor} into a float plane of its own. */
    private static Runnable pass(TiledPredictor predictor, ArrayPlane image, LoadedModel model) {
        ChannelScaling scaling = Normalizer.compute(image, model.descriptor().normalization());
        int channels = model.descriptor().output().channels();
        Object[] arrays = new Object[channels];
        for (int c = 0; c < channels; c++) arrays[c] = new float[image.width() * image.height()];
        ArrayPlane target = ArrayPlane.of(ArrayPlane.Kind.FLOAT32, image.width(), image.height(), arrays, new int[channels]);
        return () -> predictor.predictPlane(image, scaling, target, (d, t, m) -> {}, Progress.NONE);
    }

    private static double timeBest(Runnable work, int repeats) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            work.run();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }

    /** FLOP/s of a MATMUL³ matrix product of {@code type} run by TensorFlow with these thread settings (0 = all cores). */
    static <T extends TFloating> double gemmFlops(int threads, Class<T> type) {
        ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(threads == 0 ? 0 : 1).build();
        try (Graph graph = new Graph(); Session session = new Session(graph, config)) {
            Ops tf = Ops.create(graph);
            Placeholder<T> a = tf.placeholder(type, Placeholder.shape(Shape.of(MATMUL, MATMUL)));
            tf.withName("product").linalg.matMul(a, a);
            try (T input = Tensor.of(type, Shape.of(MATMUL, MATMUL))) {
                Runnable once = () -> {
                    try (Result r = session.runner().feed(a, input).fetch("product").run()) {
                        r.get(0);
                    }
                };
                once.run();
                double seconds = timeBest(once, 5);
                return 2.0 * MATMUL * MATMUL * MATMUL / seconds;
            }
        }
    }
}
