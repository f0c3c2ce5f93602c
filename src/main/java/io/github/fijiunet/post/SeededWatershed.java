package io.github.fijiunet.post;

/**
 * Marker-controlled watershed by priority flooding (Meyer): labelled seed pixels grow into their
 * lowest unlabelled neighbours first, so regions meet on the ridges of the elevation map. O(n log n).
 */
public final class SeededWatershed {

    private SeededWatershed() {}

    /**
     * Floods {@code seeds} (label > 0, modified in place) over {@code elevation}, never leaving
     * {@code mask} (null = whole plane). Mask pixels no seed can reach stay 0.
     */
    public static LabelPlane flood(float[] elevation, LabelPlane seeds, boolean[] mask, Connectivity connectivity) {
        int width = seeds.width();
        int height = seeds.height();
        int[] labels = seeds.labels();
        PixelHeap heap = new PixelHeap(Math.max(16, labels.length / 8));
        for (int p = 0; p < labels.length; p++) {
            if (labels[p] > 0) heap.push(p, elevation[p]);
        }
        while (!heap.isEmpty()) {
            int p = heap.pop();
            int x = p % width;
            int y = p / width;
            int label = labels[p];
            for (int k = 0; k < connectivity.neighbourCount(); k++) {
                int nx = x + connectivity.dx(k);
                int ny = y + connectivity.dy(k);
                if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                int q = ny * width + nx;
                if (labels[q] != 0 || (mask != null && !mask[q])) continue;
                labels[q] = label;
                heap.push(q, elevation[q]);
            }
        }
        return seeds;
    }
}
