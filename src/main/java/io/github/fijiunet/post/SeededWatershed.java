package io.github.fijiunet.post;

/**
 * Marker-controlled watershed by priority flooding (Meyer): labelled seed pixels grow into their
 * lowest unlabelled neighbours first, so regions meet on the ridges of the elevation map; ties go
 * first in, first out ({@link ElevationQueue}).
 */
public final class SeededWatershed {

    /** Planes below this many pixels are flooded on one thread (splitting would cost more than it saves). */
    static final int PARALLEL_PIXELS = 1 << 20;

    private SeededWatershed() {}

    /**
     * Floods {@code seeds} (label > 0, modified in place) over {@code elevation}, never leaving
     * {@code mask} (null = whole plane). Mask pixels no seed can reach stay 0.
     * <p>
     * A flood never leaves the connected region of mask and seed pixels it starts in, and within a
     * region the order of its pops depends only on that region's pixels (their keys keep their
     * relative order whatever else is in the queue). So with a mask, each region is flooded on its
     * own, regions in parallel on all cores, with the labels of one flood of the whole plane.
     */
    public static LabelPlane flood(float[] elevation, LabelPlane seeds, boolean[] mask, Connectivity connectivity) {
        if (mask == null || !runsByRegion(seeds.labels().length)) return flood(elevation, seeds, mask, connectivity, null);
        int[] labels = seeds.labels();
        boolean[] reachable = new boolean[labels.length];
        for (int p = 0; p < labels.length; p++) reachable[p] = mask[p] || labels[p] > 0;
        return flood(elevation, seeds, mask, connectivity, RegionPixels.of(ConnectedComponents.label(reachable, seeds.width(), seeds.height(),
                connectivity)));
    }

    /** Whether a plane of {@code pixels} is worth splitting into regions run in parallel. */
    static boolean runsByRegion(int pixels) {
        return pixels >= PARALLEL_PIXELS && Runtime.getRuntime().availableProcessors() > 1;
    }

    /**
     * As {@link #flood(float[], LabelPlane, boolean[], Connectivity)}, given the pixels of the
     * connected regions of mask and seed pixels (the mask's own when the seeds lie in it), flooded
     * in parallel; null: one flood of the plane.
     */
    static LabelPlane flood(float[] elevation, LabelPlane seeds, boolean[] mask, Connectivity connectivity, RegionPixels regions) {
        int[] labels = seeds.labels();
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int p = 0; p < labels.length; p++) {
            if (mask != null && !mask[p] && labels[p] == 0) continue;
            float e = elevation[p];
            if (e < min) min = e;
            if (e > max && e != Float.POSITIVE_INFINITY) max = e;
        }
        Flood flood = new Flood(elevation, seeds, mask, connectivity);
        if (regions == null) {
            flood.region(new ElevationQueue(min, max), null, 0, labels.length);
            return seeds;
        }
        float low = min;
        float high = max;
        regions.inParallel(Bands.perCores(), () -> {
            ElevationQueue queue = new ElevationQueue(low, high);
            return (pixels, from, to) -> {
                if (!flood.fillWithItsOnlySeed(pixels, from, to)) flood.region(queue, pixels, from, to);
            };
        });
        return seeds;
    }

    /** One flood's data; {@link #region} floods the pixels {@code [from, to)} of a pixel list (or of the plane). */
    private static final class Flood {
        private final float[] elevation;
        private final int[] labels;
        private final boolean[] mask;
        private final Connectivity connectivity;
        private final int width;
        private final int height;
        private final int[] offset;
        Flood(float[] elevation, LabelPlane seeds, boolean[] mask, Connectivity connectivity) {
            this.elevation = elevation;
            this.labels = seeds.labels();
            this.mask = mask;
            this.connectivity = connectivity;
            this.width = seeds.width();
            this.height = seeds.height();
            offset = new int[connectivity.neighbourCount()];
            for (int k = 0; k < offset.length; k++) offset[k] = connectivity.dy(k) * width + connectivity.dx(k);
        }

        /** Floods the pixels {@code list[from..to)} in raster order ({@code list} null: pixels {@code from..to} of the plane), with an empty queue. */
        void region(ElevationQueue queue, int[] list, int from, int to) {
            queue.reset((to - from) / 4);
            // Only seed pixels with a neighbour left to flood: the others would pop without pushing anything, and leaving
            // them out keeps every other key's order (their insertion numbers only shift), so the labels are the same.
            for (int i = from; i < to; i++) {
                int p = list == null ? i : list[i];
                if (labels[p] > 0 && hasFloodableNeighbour(p)) queue.push(p, elevation[p]);
            }
            while (!queue.isEmpty()) {
                int p = queue.pop();
                int y = p / width;
                int x = p - y * width;
                int label = labels[p];
                // Neighbours in the connectivity's order (their push order breaks ties); bounds checked only on the plane's edge.
                boolean inside = x > 0 && y > 0 && x < width - 1 && y < height - 1;
                for (int k = 0; k < offset.length; k++) {
                    if (!inside) {
                        int nx = x + connectivity.dx(k);
                        int ny = y + connectivity.dy(k);
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                    }
                    int q = p + offset[k];
                    if (labels[q] != 0 || (mask != null && !mask[q])) continue;
                    labels[q] = label;
                    queue.push(q, elevation[q]);
                }
            }
        }

        /**
         * A connected region holding one seed label (most isolated objects) floods entirely to it,
         * whatever the elevation: fills it without the queue. False, and nothing changed, when the
         * region holds no seed or several.
         */
        boolean fillWithItsOnlySeed(int[] list, int from, int to) {
            int only = 0;
            for (int i = from; i < to; i++) {
                int label = labels[list[i]];
                if (label == 0 || label == only) continue;
                if (only != 0) return false;
                only = label;
            }
            if (only == 0) return false;
            for (int i = from; i < to; i++) labels[list[i]] = only;
            return true;
        }

        private boolean hasFloodableNeighbour(int p) {
            int y = p / width;
            int x = p - y * width;
            for (int k = 0; k < offset.length; k++) {
                int nx = x + connectivity.dx(k);
                int ny = y + connectivity.dy(k);
                if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                int q = p + offset[k];
                if (labels[q] == 0 && (mask == null || mask[q])) return true;
            }
            return false;
        }
    }
}
