package io.github.fijiunet.post;

/** Clean-up steps on instance labels; each is O(n) and returns a new plane (input untouched). */
public final class LabelFilters {

    private LabelFilters() {}

    /** Pixel count of each label, indexed by label (index 0 = background). */
    public static long[] areas(LabelPlane plane) {
        long[] areas = new long[plane.maxLabel() + 1];
        for (int v : plane.labels()) areas[v]++;
        return areas;
    }

    /**
     * Removes objects smaller than {@code minSize} or larger than {@code maxSize} pixels (0 = no
     * upper bound) and numbers the others 1..N in raster order of their first pixel, as
     * {@link #relabelConsecutive} does, in one pass over the pixels after counting them.
     */
    public static LabelPlane removeBySizeRelabelled(LabelPlane plane, long minSize, long maxSize) {
        long[] areas = areas(plane);
        int[] map = new int[areas.length];
        final int dropped = -1;
        for (int label = 1; label < areas.length; label++) {
            if (areas[label] < minSize || (maxSize > 0 && areas[label] > maxSize)) map[label] = dropped;
        }
        return renumber(plane, map);
    }

    /** Labels numbered in raster order of their first pixel, except those {@code map} marks -1 (removed); 0 = not numbered yet. */
    private static LabelPlane renumber(LabelPlane plane, int[] map) {
        int next = 0;
        int[] in = plane.labels();
        int[] out = new int[in.length];
        for (int p = 0; p < in.length; p++) {
            int v = in[p];
            if (v == 0) continue;
            int m = map[v];
            if (m == 0) m = map[v] = ++next;
            if (m > 0) out[p] = m;
        }
        return new LabelPlane(plane.width(), plane.height(), out, next);
    }

    /** Removes objects with at least one pixel on the plane's edge. */
    public static LabelPlane removeTouchingBorder(LabelPlane plane) {
        int w = plane.width();
        int h = plane.height();
        int[] labels = plane.labels();
        boolean[] drop = new boolean[plane.maxLabel() + 1];
        for (int x = 0; x < w; x++) {
            drop[labels[x]] = true;
            drop[labels[(h - 1) * w + x]] = true;
        }
        for (int y = 0; y < h; y++) {
            drop[labels[y * w]] = true;
            drop[labels[y * w + w - 1]] = true;
        }
        drop[0] = false;
        return removeLabels(plane, drop);
    }

    /**
     * Fills background regions that are enclosed by a single object (holes) with that object's
     * label. Gaps enclosed by several touching objects are left as they are. Background regions
     * use 4-connectivity, the complement of 8-connected objects.
     */
    public static LabelPlane fillHoles(LabelPlane plane) {
        // Works on row runs of background, not pixels: the background is most of a plane, its runs are few, and
        // only the runs of regions that do not reach the edge (the candidates) are looked at pixel by pixel.
        int w = plane.width();
        int h = plane.height();
        int[] labels = plane.labels();
        Runs runs = Runs.ofBackground(labels, w, h);
        int n = runs.count;
        int[] parent = new int[n];
        for (int r = 0; r < n; r++) parent[r] = r;
        for (int y = 1; y < h; y++) {
            // 4-connected: runs of adjacent rows that share a column are one region.
            int a = runs.rowStart[y - 1];
            int b = runs.rowStart[y];
            while (a < runs.rowStart[y] && b < runs.rowStart[y + 1]) {
                if (runs.start[a] < runs.end[b] && runs.start[b] < runs.end[a]) union(parent, a, b);
                if (runs.end[a] < runs.end[b]) a++;
                else b++;
            }
        }
        final int open = -1; // reaches the edge, or touches several objects: not a hole
        int[] enclosing = new int[n]; // at roots: 0 = no object seen yet, > 0 the one object around it
        for (int r = 0; r < n; r++) {
            int y = runs.row[r];
            if (y == 0 || y == h - 1 || runs.start[r] == 0 || runs.end[r] == w) enclosing[find(parent, r)] = open;
        }
        for (int r = 0; r < n; r++) {
            int root = find(parent, r);
            if (enclosing[root] == open) continue;
            int base = runs.row[r] * w;
            int e = merge(merge(enclosing[root], labels[base + runs.start[r] - 1]), labels[base + runs.end[r]]);
            for (int x = runs.start[r]; x < runs.end[r] && e != open; x++) e = merge(merge(e, labels[base - w + x]), labels[base + w + x]);
            enclosing[root] = e;
        }
        int[] out = labels.clone();
        for (int r = 0; r < n; r++) {
            int label = enclosing[find(parent, r)];
            if (label > 0) java.util.Arrays.fill(out, runs.row[r] * w + runs.start[r], runs.row[r] * w + runs.end[r], label);
        }
        return new LabelPlane(w, h, out, plane.maxLabel());
    }

    /** Maximal runs of background pixels, row by row: run r covers [start, end) of row {@code row[r]}; row y's runs start at rowStart[y]. */
    private static final class Runs {
        int count;
        int[] start = new int[1024];
        int[] end = new int[1024];
        int[] row = new int[1024];
        int[] rowStart;

        static Runs ofBackground(int[] labels, int w, int h) {
            Runs runs = new Runs();
            runs.rowStart = new int[h + 1];
            for (int y = 0; y < h; y++) {
                runs.rowStart[y] = runs.count;
                int base = y * w;
                int x = 0;
                while (x < w) {
                    while (x < w && labels[base + x] != 0) x++;
                    if (x == w) break;
                    int from = x;
                    while (x < w && labels[base + x] == 0) x++;
                    runs.add(y, from, x);
                }
            }
            runs.rowStart[h] = runs.count;
            return runs;
        }

        private void add(int y, int from, int to) {
            if (count == start.length) {
                start = java.util.Arrays.copyOf(start, count * 2);
                end = java.util.Arrays.copyOf(end, count * 2);
                row = java.util.Arrays.copyOf(row, count * 2);
            }
            start[count] = from;
            end[count] = to;
            row[count++] = y;
        }
    }

    private static int find(int[] parent, int r) {
        while (parent[r] != r) {
            parent[r] = parent[parent[r]];
            r = parent[r];
        }
        return r;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }

    private static int merge(int current, int neighbourLabel) {
        if (neighbourLabel == 0 || current == neighbourLabel || current == -1) return current;
        return current == 0 ? neighbourLabel : -1;
    }

    /** Renumbers objects 1..N in raster order of their first pixel. */
    public static LabelPlane relabelConsecutive(LabelPlane plane) {
        return renumber(plane, new int[plane.maxLabel() + 1]);
    }

    private static LabelPlane removeLabels(LabelPlane plane, boolean[] drop) {
        int[] out = plane.labels().clone();
        for (int p = 0; p < out.length; p++) if (drop[out[p]]) out[p] = 0;
        return new LabelPlane(plane.width(), plane.height(), out, plane.maxLabel());
    }
}
