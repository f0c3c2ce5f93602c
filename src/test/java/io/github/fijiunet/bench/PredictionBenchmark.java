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
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;

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
    /**
     * Alternated passes (and reference products) whose best counts: the shared machine has slow
     * moments of seconds (single tiled/single pairs here ranged 0.95-1.10 around a best-of-five 1.04).
     */
    private static final int ROUNDS = 5;

    private PredictionBenchmark() {}

    static void run(Path modelDir, int threads, StringBuilder report) {
        String threadText = threads == 0 ? "all cores / all cores" : threads + " / 1";
        ArrayPlane image = new SyntheticNuclei(SIZE, 5).plane();
        ArrayPlane largeImage = new SyntheticNuclei(TILED_SIZE, 5).plane();
        try (GemmReference sgemm = new GemmReference(threads, TFloat32.class).time(ROUNDS)) {
            report.append(String.format("infer TensorFlow sgemm %dx%d: %.1f GFLOP/s (intra-op / inter-op threads %s)%n", GemmReference.SIZE,
                    GemmReference.SIZE, sgemm.bestFlops() / 1e9, threadText));
            for (Precision precision : Precision.values()) {
                RuntimeOptions runtime = new RuntimeOptions(ComputeDevice.CPU, threads, threads == 0 ? 0 : 1, precision);
                try (LoadedModel model = LoadedModel.load(modelDir, runtime)) {
                    if (model.precision() != precision) {
                        report.append("infer ").append(precision.text()).append(" skipped: ").append(String.join(" ", model.warnings()))
                                .append(System.lineSeparator());
                        continue;
                    }
                    singlePass(model, image, sgemm, threads, report);
                    tiling(model, largeImage, report);
                }
            }
        }
    }

    /**
     * Counted conv FLOP/s of one pass over {@code image} against the reference products. Passes and
     * products alternate and the best of each counts, so that a slow moment cannot fall on one side
     * only; the best product of the whole run is the reference.
     */
    private static void singlePass(LoadedModel model, ArrayPlane image, GemmReference sgemm, int threads, StringBuilder report) {
        boolean bfloat16 = model.precision() == Precision.BFLOAT16;
        // The bfloat16 reference only where the model runs bfloat16 natively; elsewhere it would time emulation.
        try (GemmReference bfloat16Gemm = bfloat16 ? new GemmReference(threads, TBfloat16.class) : null) {
            Runnable pass = pass(new TiledPredictor(model, TilingOptions.tileSize(SIZE)), image, model);
            pass.run(); // warm-up: graph optimisation and allocator growth
            double seconds = Double.MAX_VALUE;
            for (int i = 0; i < ROUNDS; i++) {
                seconds = Math.min(seconds, Timing.seconds(pass));
                sgemm.time(1);
                if (bfloat16) bfloat16Gemm.time(1);
            }
            double flopsPerPixel = model.descriptor().training().has("flopsPerPixel")
                    ? model.descriptor().training().get("flopsPerPixel").getAsDouble() : Double.NaN;
            double modelFlops = flopsPerPixel * SIZE * SIZE / seconds;
            if (bfloat16) {
                report.append(String.format("infer TensorFlow bfloat16 gemm %dx%d: %.1f GFLOP/s%n", GemmReference.SIZE, GemmReference.SIZE,
                        bfloat16Gemm.bestFlops() / 1e9));
            }
            report.append(String.format("infer %s %s on %dx%d: single pass %.2f s (best of %d); counted conv FLOP/s %.1f GFLOP/s"
                            + " (%.0f FLOP/pixel) = %.2f of sgemm (%.1f GFLOP/s, best of the run)%s%n", model.descriptor().name(),
                    model.precision().text(), SIZE, SIZE, seconds, ROUNDS, modelFlops / 1e9, flopsPerPixel, modelFlops / sgemm.bestFlops(),
                    sgemm.bestFlops() / 1e9, bfloat16 ? String.format(", %.2f of bfloat16 gemm", modelFlops / bfloat16Gemm.bestFlops()) : ""));
        }
    }

    /** Automatic tiles against one pass over the same large plane, alternated, best of each. */
    private static void tiling(LoadedModel model, ArrayPlane image, StringBuilder report) {
        int size = image.width();
        TiledPredictor tiled = new TiledPredictor(model, TilingOptions.DEFAULT);
        List<Tile> tiles = tiled.tilesFor(size, size);
        double[] seconds = Timing.bestInterleaved(1, ROUNDS, pass(new TiledPredictor(model, TilingOptions.tileSize(size)), image, model),
                pass(tiled, image, model));
        double singleSeconds = seconds[0];
        double tiledSeconds = seconds[1];
        long windowPixels = tiles.stream().mapToLong(t -> (long) t.windowWidth * t.windowHeight).sum();
        int widestTile = tiles.stream().mapToInt(t -> Math.max(t.width, t.height)).max().orElse(0);
        int widestWindow = tiles.stream().mapToInt(t -> Math.max(t.windowWidth, t.windowHeight)).max().orElse(0);
        report.append(String.format("infer %s %s on %dx%d: single pass %.2f s; %d automatic tiles of %d px (windows up to %d px,"
                        + " halo %d, %.3f x the pixels; automatic limit %d px) %.2f s (%.2f s/tile); tiled/single %.2f (best of %d, alternated)%n",
                model.descriptor().name(), model.precision().text(), size, size, singleSeconds, tiles.size(), widestTile, widestWindow,
                tiled.halo(), (double) windowPixels / ((long) size * size), tiled.tileSize(), tiledSeconds, tiledSeconds / tiles.size(),
                tiledSeconds / singleSeconds, ROUNDS));
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
}
