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
        int neighbours = connectivity.neighbourCount();
        int[] offset = new int[neighbours];
        for (int k = 0; k < neighbours; k++) offset[k] = connectivity.dy(k) * width + connectivity.dx(k);
        PixelHeap heap = new PixelHeap(Math.max(16, labels.length / 64));
        // Only seed pixels with a neighbour left to flood: the others would pop without pushing anything, and leaving
        // them out keeps every other key's order (their insertion numbers only shift), so the labels are the same.
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                if (labels[p] > 0 && hasFloodableNeighbour(labels, mask, x, y, width, height, connectivity)) heap.push(p, elevation[p]);
            }
        }
        while (!heap.isEmpty()) {
            int p = heap.pop();
            int y = p / width;
            int x = p - y * width;
            int label = labels[p];
            // Neighbours in the connectivity's order (their push order breaks ties); bounds checked only on the plane's edge.
            boolean inside = x > 0 && y > 0 && x < width - 1 && y < height - 1;
            for (int k = 0; k < neighbours; k++) {
                if (!inside) {
                    int nx = x + connectivity.dx(k);
                    int ny = y + connectivity.dy(k);
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                }
                int q = p + offset[k];
                if (labels[q] != 0 || (mask != null && !mask[q])) continue;
                labels[q] = label;
                heap.push(q, elevation[q]);
            }
        }
        return seeds;
    }

    private static boolean hasFloodableNeighbour(int[] labels, boolean[] mask, int x, int y, int width, int height, Connectivity connectivity) {
        for (int k = 0; k < connectivity.neighbourCount(); k++) {
            int nx = x + connectivity.dx(k);
            int ny = y + connectivity.dy(k);
            if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
            int q = ny * width + nx;
            if (labels[q] == 0 && (mask == null || mask[q])) return true;
        }
        return false;
    }
}
