package io.github.fijiunet.post;

import java.util.stream.IntStream;

/** Work on independent lines or pixels cut into consecutive bands, run in parallel on large planes. */
final class Bands {

    /** Work on the range {@code [from, to)}. */
    interface Band {
        void run(int from, int to);
    }

    private Bands() {}

    /** How many pieces work on all cores is cut into: four per core, so that uneven pieces still keep every core busy. */
    static int perCores() {
        return 4 * Runtime.getRuntime().availableProcessors();
    }

    /** The bands for work on a plane of {@code pixels}: {@link #perCores()} from {@link SeededWatershed#PARALLEL_PIXELS} up, else one. */
    static int forPixels(int pixels) {
        return SeededWatershed.runsByRegion(pixels) ? perCores() : 1;
    }

    /** The {@code pixels} of a plane, {@code [0, pixels)}, in {@link #forPixels} bands. */
    static void forPlane(int pixels, Band band) {
        run(pixels, forPixels(pixels), band);
    }

    /** {@code [0, n)} cut into {@code bands} (at most n) consecutive ranges, in parallel when more than one. */
    static void run(int n, int bands, Band band) {
        int count = Math.max(1, Math.min(bands, n));
        if (count == 1) {
            band.run(0, n);
            return;
        }
        IntStream.range(0, count).parallel().forEach(b -> band.run((int) ((long) n * b / count), (int) ((long) n * (b + 1) / count)));
    }
}
