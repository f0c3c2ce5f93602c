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

    /** Removes objects smaller than {@code minSize} or larger than {@code maxSize} pixels (0 = no upper bound). */
    public static LabelPlane removeBySize(LabelPlane plane, long minSize, long maxSize) {
        long[] areas = areas(plane);
        boolean[] drop = new boolean[areas.length];
        for (int label = 1; label < areas.length; label++) {
            drop[label] = areas[label] < minSize || (maxSize > 0 && areas[label] > maxSize);
        }
        return removeLabels(plane, drop);
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
        int w = plane.width();
        int h = plane.height();
        int[] labels = plane.labels();
        boolean[] background = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) background[i] = labels[i] == 0;
        LabelPlane regions = ConnectedComponents.label(background, w, h, Connectivity.FOUR);
        int[] region = regions.labels();
        final int none = 0;
        final int several = -1;
        int[] enclosingLabel = new int[regions.maxLabel() + 1];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int r = region[p];
                if (r == 0 || enclosingLabel[r] == several) continue;
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
                    enclosingLabel[r] = several; // open to the outside: not a hole
                    continue;
                }
                enclosingLabel[r] = merge(enclosingLabel[r], labels[p - 1]);
                enclosingLabel[r] = merge(enclosingLabel[r], labels[p + 1]);
                enclosingLabel[r] = merge(enclosingLabel[r], labels[p - w]);
                enclosingLabel[r] = merge(enclosingLabel[r], labels[p + w]);
            }
        }
        int[] out = labels.clone();
        for (int p = 0; p < out.length; p++) {
            int r = region[p];
            if (r != 0 && enclosingLabel[r] > none) out[p] = enclosingLabel[r];
        }
        return new LabelPlane(w, h, out, plane.maxLabel());
    }

    private static int merge(int current, int neighbourLabel) {
        if (neighbourLabel == 0 || current == neighbourLabel || current == -1) return current;
        return current == 0 ? neighbourLabel : -1;
    }

    /** Renumbers objects 1..N in raster order of their first pixel. */
    public static LabelPlane relabelConsecutive(LabelPlane plane) {
        int[] map = new int[plane.maxLabel() + 1];
        int next = 0;
        int[] in = plane.labels();
        int[] out = new int[in.length];
        for (int p = 0; p < in.length; p++) {
            int v = in[p];
            if (v == 0) continue;
            if (map[v] == 0) map[v] = ++next;
            out[p] = map[v];
        }
        return new LabelPlane(plane.width(), plane.height(), out, next);
    }

    private static LabelPlane removeLabels(LabelPlane plane, boolean[] drop) {
        int[] out = plane.labels().clone();
        for (int p = 0; p < out.length; p++) if (drop[out[p]]) out[p] = 0;
        return new LabelPlane(plane.width(), plane.height(), out, plane.maxLabel());
    }
}
