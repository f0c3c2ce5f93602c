package io.github.fijiunet.post;

import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The pixels of each labelled region, in raster order within a region (a counting sort by
 * label), for algorithms that treat disconnected regions independently and so may run them in
 * parallel with the result of one pass over the plane.
 */
final class RegionPixels {

    /** Work on one region: its pixels are {@code pixels[from..to)}. */
    interface Worker {
        void region(int[] pixels, int from, int to);
    }

    private final int[] pixels;
    private final int[] start;
    private final int regions;

    private RegionPixels(int[] pixels, int[] start, int regions) {
        this.pixels = pixels;
        this.start = start;
        this.regions = regions;
    }

    /** The pixels of regions 1..maxLabel of {@code regions} (0 = no region). */
    static RegionPixels of(LabelPlane regions) {
        int[] start = new int[regions.maxLabel() + 2];
        int[] region = regions.labels();
        for (int r : region) if (r > 0) start[r + 1]++;
        for (int r = 1; r < start.length; r++) start[r] += start[r - 1];
        int[] pixels = new int[start[start.length - 1]];
        int[] fill = start.clone();
        for (int p = 0; p < region.length; p++) if (region[p] > 0) pixels[fill[region[p]]++] = p;
        return new RegionPixels(pixels, start, regions.maxLabel());
    }

    /**
     * Runs every region once: the regions cut into {@code chunks} runs of about equal pixel counts,
     * runs in parallel, each with its own worker from {@code workers} taking its regions in order.
     */
    void inParallel(int chunks, Supplier<Worker> workers) {
        int[] cut = new int[chunks + 1];
        cut[0] = 1;
        for (int c = 1, r = 1; c <= chunks; c++) {
            long target = (long) pixels.length * c / chunks;
            while (r <= regions && start[r] < target) r++;
            cut[c] = c == chunks ? regions + 1 : r;
        }
        IntStream.range(0, chunks).parallel().forEach(c -> {
            Worker worker = workers.get();
            for (int r = cut[c]; r < cut[c + 1]; r++) worker.region(pixels, start[r], start[r + 1]);
        });
    }
}
