package io.github.fijiunet.post;

/**
 * Regional maxima whose prominence (h-maxima "dynamic": height above the highest saddle that
 * joins them to a higher peak) is at least {@code h}, like ImageJ's Find Maxima. Pixels are
 * visited from high to low and merged with union-find; when two regions meet, the lower peak
 * survives as a seed only if it stands {@code h} above the meeting level. O(n log n).
 */
public final class ProminentMaxima {

    private ProminentMaxima() {}

    /**
     * One single-pixel seed per prominent maximum inside {@code mask}, labelled 1..N in raster
     * order. Each connected mask region gets at least its highest peak.
     */
    public static LabelPlane seeds(float[] values, boolean[] mask, int width, int height, double prominence, Connectivity connectivity) {
        return seeds(values, mask, width, height, prominence, connectivity, SeededWatershed.runsByRegion(values.length));
    }

    /**
     * With {@code byRegion}, each connected region of the mask on its own, regions in parallel:
     * merges never cross regions, and within one its pixels keep their relative order, so the
     * seeds are those of one pass over the whole mask.
     */
    static LabelPlane seeds(float[] values, boolean[] mask, int width, int height, double prominence, Connectivity connectivity,
                            boolean byRegion) {
        return seeds(values, mask, width, height, prominence, connectivity,
                byRegion ? RegionPixels.of(ConnectedComponents.label(mask, width, height, connectivity)) : null);
    }

    /** Given the pixels of the mask's connected regions ({@code connectivity}'s), run in parallel; null: one pass over the mask. */
    static LabelPlane seeds(float[] values, boolean[] mask, int width, int height, double prominence, Connectivity connectivity,
                            RegionPixels maskRegions) {
        if (!(prominence > 0)) throw new io.github.fijiunet.InvalidInputException("Seed prominence must be > 0, got " + prominence + ".");
        int n = values.length;
        Merge merge = new Merge(values, width, height, prominence, connectivity);
        if (maskRegions == null) {
            int[] all = new int[n];
            int count = 0;
            for (int i = 0; i < n; i++) if (mask[i]) all[count++] = i;
            merge.region(all, 0, count);
        } else {
            maskRegions.inParallel(Bands.perCores(), () -> merge::region);
        }
        for (int i = 0; i < n; i++) {
            if (merge.parent[i] == i) merge.isSeed[merge.peak[i]] = true;
        }
        int[] labels = new int[n];
        int next = 0;
        for (int i = 0; i < n; i++) if (merge.isSeed[i]) labels[i] = ++next;
        return new LabelPlane(width, height, labels, next);
    }

    /** The union-find of one plane; {@link #region} merges the pixels {@code list[from..to)} from high to low. */
    private static final class Merge {
        final float[] values;
        final int width;
        final int height;
        final double prominence;
        final Connectivity connectivity;
        final int[] parent;
        final int[] peak; // valid at roots: the pixel index of the region's highest point
        final boolean[] isSeed;

        Merge(float[] values, int width, int height, double prominence, Connectivity connectivity) {
            this.values = values;
            this.width = width;
            this.height = height;
            this.prominence = prominence;
            this.connectivity = connectivity;
            parent = new int[values.length];
            java.util.Arrays.fill(parent, -1);
            peak = new int[values.length];
            isSeed = new boolean[values.length];
        }

        void region(int[] list, int from, int to) {
            long[] order = new long[to - from];
            for (int i = from; i < to; i++) order[i - from] = ((long) PixelHeap.sortableBits(values[list[i]]) << 32) | list[i];
            java.util.Arrays.sort(order); // keys are distinct (the pixel index is in them)
            for (int o = order.length - 1; o >= 0; o--) {
                int p = (int) order[o];
                parent[p] = p;
                peak[p] = p;
                float level = values[p];
                int x = p % width;
                int y = p / width;
                for (int k = 0; k < connectivity.neighbourCount(); k++) {
                    int nx = x + connectivity.dx(k);
                    int ny = y + connectivity.dy(k);
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                    int q = ny * width + nx;
                    if (parent[q] < 0) continue;
                    int rootP = find(parent, p);
                    int rootQ = find(parent, q);
                    if (rootP == rootQ) continue;
                    boolean qHigher = higher(values, peak[rootQ], peak[rootP]);
                    int winner = qHigher ? rootQ : rootP;
                    int loser = qHigher ? rootP : rootQ;
                    if (values[peak[loser]] - (double) level >= prominence) isSeed[peak[loser]] = true;
                    parent[loser] = winner;
                }
            }
        }
    }

    private static boolean higher(float[] values, int a, int b) {
        return values[a] > values[b] || (values[a] == values[b] && a < b);
    }

    private static int find(int[] parent, int p) {
        int root = p;
        while (parent[root] != root) root = parent[root];
        while (parent[p] != root) { // path compression
            int next = parent[p];
            parent[p] = root;
            p = next;
        }
        return root;
    }
}
