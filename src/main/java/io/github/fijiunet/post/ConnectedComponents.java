package io.github.fijiunet.post;

/**
 * Labels connected foreground regions 1..N in raster order of their first pixel. Two raster
 * passes with union-find over provisional labels (each pixel looks only at its already visited
 * neighbours, so memory is read in order and no queue is needed), O(n·α(n)).
 */
public final class ConnectedComponents {

    private ConnectedComponents() {}

    public static LabelPlane label(boolean[] foreground, int width, int height, Connectivity connectivity) {
        int[] labels = new int[foreground.length];
        int[] parent = new int[64];
        int provisional = 0;
        boolean eight = connectivity == Connectivity.EIGHT;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int p = row + x;
                if (!foreground[p]) continue;
                int label = 0;
                // Visited neighbours: left, and the row above (up; up-left and up-right with 8-connectivity).
                if (x > 0 && labels[p - 1] != 0) label = labels[p - 1];
                if (y > 0) {
                    int up = labels[p - width];
                    if (up != 0) label = label == 0 ? up : union(parent, label, up);
                    if (eight) {
                        if (x > 0 && labels[p - width - 1] != 0) label = label == 0 ? labels[p - width - 1] : union(parent, label, labels[p - width - 1]);
                        if (x < width - 1 && labels[p - width + 1] != 0) {
                            label = label == 0 ? labels[p - width + 1] : union(parent, label, labels[p - width + 1]);
                        }
                    }
                }
                if (label == 0) {
                    label = ++provisional;
                    if (label == parent.length) parent = java.util.Arrays.copyOf(parent, (int) Math.min(Integer.MAX_VALUE - 8, 2L * label));
                    parent[label] = label;
                }
                labels[p] = label;
            }
        }
        // Final labels in raster order of each region's first pixel (the order a raster scan meets them).
        int[] finalLabel = new int[provisional + 1];
        int next = 0;
        for (int p = 0; p < labels.length; p++) {
            int l = labels[p];
            if (l == 0) continue;
            int root = find(parent, l);
            if (finalLabel[root] == 0) finalLabel[root] = ++next;
            labels[p] = finalLabel[root];
        }
        return new LabelPlane(width, height, labels, next);
    }

    /** Joins two provisional labels' sets under the smaller root; returns that root. */
    private static int union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra == rb) return ra;
        int root = Math.min(ra, rb);
        parent[Math.max(ra, rb)] = root;
        return root;
    }

    private static int find(int[] parent, int label) {
        int root = label;
        while (parent[root] != root) root = parent[root];
        while (parent[label] != root) { // path compression
            int up = parent[label];
            parent[label] = root;
            label = up;
        }
        return root;
    }
}
