package io.github.fijiunet.bench;

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
}
