package io.github.fijiunet.post;

import java.util.ArrayList;
import java.util.List;

/**
 * Traces the outer boundary of every object of a label plane, following the crack between pixels
 * with the object on the right (8-connected, like ImageJ's Wand). Holes are not traced: the outer
 * polygon encloses them (fill holes first for masks without them). An object made of several
 * separate parts yields the outline of the part holding its first pixel in raster order. O(n).
 */
public final class OutlineTracer {

    private OutlineTracer() {}

    /** One outline per label present, ordered by label. */
    public static List<ObjectOutline> trace(LabelPlane plane, int planeIndex) {
        int w = plane.width();
        int[] labels = plane.labels();
        int[] firstPixel = new int[plane.maxLabel() + 1];
        java.util.Arrays.fill(firstPixel, -1);
        for (int p = 0; p < labels.length; p++) {
            int v = labels[p];
            if (v != 0 && firstPixel[v] < 0) firstPixel[v] = p;
        }
        List<ObjectOutline> outlines = new ArrayList<>();
        IntList xs = new IntList();
        IntList ys = new IntList();
        for (int label = 1; label < firstPixel.length; label++) {
            int p = firstPixel[label];
            if (p < 0) continue;
            traceFrom(plane, label, p % w, p / w, xs, ys);
            outlines.add(new ObjectOutline(label, planeIndex, xs.toArray(), ys.toArray()));
        }
        return outlines;
    }

    /*
     * Vertex (x, y) is the corner shared by pixels (x-1, y-1), (x, y-1), (x-1, y) and (x, y).
     * Directions: 0 = +x, 1 = -y (up), 2 = -x, 3 = +y; the pixel "in direction d" of a vertex
     * is the one ahead-right when walking d. Walking with the object on the right, try to turn
     * left first so diagonal neighbours stay inside (8-connectivity).
     */
    private static void traceFrom(LabelPlane plane, int label, int startX, int startY, IntList xs, IntList ys) {
        xs.clear();
        ys.clear();
        final int startDirection = 1; // up the left edge of the first pixel: outside left, inside right
        int x = startX;
        int y = startY;
        int direction = startDirection;
        do {
            int newDirection = direction + 1;
            while (newDirection >= direction && !inside(plane, label, x, y, newDirection)) newDirection--;
            if (newDirection != direction) {
                xs.add(x);
                ys.add(y);
            }
            switch (newDirection & 3) {
                case 0: x++; break;
                case 1: y--; break;
                case 2: x--; break;
                default: y++; break;
            }
            direction = newDirection;
        } while (x != startX || y != startY || (direction & 3) != startDirection);
    }

    private static boolean inside(LabelPlane plane, int label, int x, int y, int direction) {
        switch (direction & 3) {
            case 0: return inside(plane, label, x, y);
            case 1: return inside(plane, label, x, y - 1);
            case 2: return inside(plane, label, x - 1, y - 1);
            default: return inside(plane, label, x - 1, y);
        }
    }

    private static boolean inside(LabelPlane plane, int label, int x, int y) {
        return x >= 0 && y >= 0 && x < plane.width() && y < plane.height() && plane.get(x, y) == label;
    }

    /** Growable int array, reused across objects to avoid boxing. */
    private static final class IntList {
        private int[] values = new int[64];
        private int size;

        void add(int v) {
            if (size == values.length) values = java.util.Arrays.copyOf(values, 2 * size);
            values[size++] = v;
        }

        void clear() {
            size = 0;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
