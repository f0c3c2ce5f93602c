package io.github.fijiunet.post;

import java.util.stream.IntStream;

/** Work on independent lines or pixels cut into consecutive bands, run in parallel on large planes. */
final class Bands {

    /** Work on the range {@code [from, to)}. */
    interface Band {
        void run(int from, int to);
    }

    private Bands() {}

    /** {@code [0, n)} in bands run in parallel when the plane has {@link SeededWatershed#PARALLEL_PIXELS} or more pixels. */
    static void forPlane(int pixels, int n, Band band) {
        run(n, SeededWatershed.runsByRegion(pixels) ? 4 * Runtime.getRuntime().availableProcessors() : 1, band);
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
