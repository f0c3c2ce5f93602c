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
        if (!(prominence > 0)) throw new io.github.fijiunet.InvalidInputException("Seed prominence must be > 0, got " + prominence + ".");
        int n = values.length;
        int count = 0;
        for (int i = 0; i < n; i++) if (mask[i]) count++;
        long[] order = new long[count];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (mask[i]) order[j++] = ((long) PixelHeap.sortableBits(values[i]) << 32) | i;
        }
        java.util.Arrays.parallelSort(order); // keys are distinct (the pixel index is in them): the same order as a sequential sort

        int[] parent = new int[n];
        java.util.Arrays.fill(parent, -1);
        int[] peak = new int[n]; // valid at roots: the pixel index of the region's highest point
        boolean[] isSeed = new boolean[n];
        for (int o = count - 1; o >= 0; o--) {
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
        for (int i = 0; i < n; i++) {
            if (parent[i] == i) isSeed[peak[i]] = true;
        }
        int[] labels = new int[n];
        int next = 0;
        for (int i = 0; i < n; i++) if (isSeed[i]) labels[i] = ++next;
        return new LabelPlane(width, height, labels, next);
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
