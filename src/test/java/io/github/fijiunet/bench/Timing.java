package io.github.fijiunet.bench;

import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.predict.TiledPredictor;
import io.github.fijiunet.predict.TilingOptions;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.Normalizer;

import java.util.Arrays;

/** Wall-clock timings for the benchmarks. */
final class Timing {

    private Timing() {}

    /** Seconds one run of {@code work} takes. */
    static double seconds(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The best seconds of each of {@code works} over {@code rounds} rounds that run them in turn,
     * after {@code warmUpRounds} untimed rounds (JIT compilation, graph optimisation, allocator
     * growth). Running them in turn keeps a slow moment of the shared machine from falling on one
     * side of a ratio only.
     */
    static double[] bestInterleaved(int warmUpRounds, int rounds, Runnable... works) {
        double[] best = new double[works.length];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int round = 0; round < warmUpRounds + rounds; round++) {
            for (int w = 0; w < works.length; w++) {
                double seconds = seconds(works[w]);
                if (round >= warmUpRounds) best[w] = Math.min(best[w], seconds);
            }
        }
        return best;
    }

    /** The best seconds of {@code rounds} tiled predictions of {@code plane} (inference only, default tiling), after one untimed. */
    static double bestPrediction(LoadedModel model, ArrayPlane plane, int rounds) {
        return bestInterleaved(1, rounds, () -> predict(model, plane))[0];
    }

    /** One tiled prediction of {@code plane} with the default tiling, normalisation and output planes included. */
    static void predict(LoadedModel model, ArrayPlane plane) {
        int channels = model.descriptor().output().channels();
        int n = plane.width() * plane.height();
        float[] out = new float[n * channels];
        Object[] arrays = new Object[channels];
        int[] offsets = new int[channels];
        for (int c = 0; c < channels; c++) {
            arrays[c] = out;
            offsets[c] = c * n;
        }
        ArrayPlane target = ArrayPlane.of(ArrayPlane.Kind.FLOAT32, plane.width(), plane.height(), arrays, offsets);
        ChannelScaling scaling = Normalizer.compute(plane, model.descriptor().normalization());
        new TiledPredictor(model, TilingOptions.DEFAULT).predictPlane(plane, scaling, target, (d, t, m) -> { }, Progress.NONE);
    }
}
