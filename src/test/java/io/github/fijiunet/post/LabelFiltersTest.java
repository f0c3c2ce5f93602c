package io.github.fijiunet.post;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LabelFiltersTest {

    @Test
    void sizeFilterRemovesSmallAndLargeObjects() {
        int[] l = new int[10 * 10];
        Shapes.rect(l, 10, 0, 0, 1, 1, 1);   // 1 px
        Shapes.rect(l, 10, 3, 0, 2, 2, 2);   // 4 px
        Shapes.rect(l, 10, 0, 4, 5, 5, 3);   // 25 px
        LabelPlane filtered = LabelFilters.removeBySizeRelabelled(Shapes.plane(10, 10, l), 2, 10);
        assertArrayEquals(new long[] {96, 4}, LabelFilters.areas(filtered), "only the 4-px object is left, numbered 1");
        LabelPlane unbounded = LabelFilters.removeBySizeRelabelled(Shapes.plane(10, 10, l), 2, 0);
        assertArrayEquals(new long[] {71, 4, 25}, LabelFilters.areas(unbounded), "numbered in raster order of their first pixel");
        assertEquals(2, unbounded.get(0, 4));
    }

    @Test
    void borderRemovalDropsObjectsTouchingAnyEdge() {
        int[] l = new int[8 * 6];
        Shapes.rect(l, 8, 0, 2, 2, 2, 1); // left edge
        Shapes.rect(l, 8, 3, 2, 2, 2, 2); // inside
        Shapes.rect(l, 8, 6, 5, 2, 1, 3); // bottom-right corner
        Shapes.rect(l, 8, 3, 0, 1, 1, 4); // top edge
        long[] areas = LabelFilters.areas(LabelFilters.removeTouchingBorder(Shapes.plane(8, 6, l)));
        assertArrayEquals(new long[] {44, 0, 4, 0, 0}, areas);
    }

    @Test
    void fillHolesFillsEnclosedBackgroundButNotGapsBetweenObjects() {
        int[] l = new int[12 * 7];
        Shapes.rect(l, 12, 1, 1, 5, 5, 1);
        Shapes.rect(l, 12, 2, 2, 3, 3, 0); // 3x3 hole in object 1
        // Objects 2 and 3 together enclose a one-pixel gap: not a hole of either.
        Shapes.rect(l, 12, 7, 1, 2, 3, 2);
        Shapes.rect(l, 12, 10, 1, 1, 3, 3);
        Shapes.rect(l, 12, 9, 1, 1, 1, 2);
        Shapes.rect(l, 12, 9, 3, 1, 1, 3);
        LabelPlane filled = LabelFilters.fillHoles(Shapes.plane(12, 7, l));
        assertEquals(1, filled.get(3, 3));
        assertEquals(25, LabelFilters.areas(filled)[1]);
        assertEquals(0, filled.get(9, 2));
    }

    /** The definition, pixel by pixel: a 4-connected background region off the edge whose 4-neighbours are one object. */
    private static int[] holesFilledByDefinition(int[] labels, int w, int h) {
        int[] out = labels.clone();
        boolean[] seen = new boolean[labels.length];
        int[] queue = new int[labels.length];
        for (int s = 0; s < labels.length; s++) {
            if (labels[s] != 0 || seen[s]) continue;
            int head = 0;
            int tail = 0;
            queue[tail++] = s;
            seen[s] = true;
            int enclosing = 0;
            boolean hole = true;
            while (head < tail) {
                int p = queue[head++];
                int x = p % w;
                int y = p / w;
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1) hole = false;
                int[][] neighbours = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
                for (int[] q : neighbours) {
                    if (q[0] < 0 || q[1] < 0 || q[0] >= w || q[1] >= h) continue;
                    int i = q[1] * w + q[0];
                    if (labels[i] == 0) {
                        if (!seen[i]) {
                            seen[i] = true;
                            queue[tail++] = i;
                        }
                    } else if (enclosing == 0) {
                        enclosing = labels[i];
                    } else if (enclosing != labels[i]) {
                        hole = false;
                    }
                }
            }
            if (hole && enclosing > 0) for (int k = 0; k < tail; k++) out[queue[k]] = enclosing;
        }
        return out;
    }

    @Test
    void fillHolesIsTheDefinitionOnRandomPlanes() {
        java.util.Random random = new java.util.Random(3);
        int withHoles = 0;
        for (int round = 0; round < 300; round++) {
            int w = 1 + random.nextInt(40);
            int h = 1 + random.nextInt(40);
            int[] l = new int[w * h];
            int objects = 1 + random.nextInt(6);
            for (int k = 0; k < 3 + random.nextInt(12); k++) {
                // Rings, filled disks and rectangles of a few labels, some overlapping: holes, gaps and edge notches.
                int label = 1 + random.nextInt(objects);
                double cx = random.nextDouble() * w;
                double cy = random.nextDouble() * h;
                double r = 1 + random.nextDouble() * 8;
                boolean ring = random.nextBoolean();
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double d = Math.hypot(x - cx, y - cy);
                        if (d < r && (!ring || d > r - 1.5)) l[y * w + x] = label;
                    }
                }
            }
            if (random.nextInt(4) == 0) for (int i = 0; i < l.length; i++) if (random.nextInt(10) == 0) l[i] = 0;
            LabelPlane plane = new LabelPlane(w, h, l, objects);
            int[] expected = holesFilledByDefinition(l, w, h);
            if (!java.util.Arrays.equals(expected, l)) withHoles++;
            assertArrayEquals(expected, LabelFilters.fillHoles(plane).labels(), "round " + round + " (" + w + "x" + h + ")");
        }
        org.junit.jupiter.api.Assertions.assertTrue(withHoles > 30, withHoles + " of 300 planes had holes to fill");
    }

    @Test
    void holeTouchingTheEdgeIsNotFilled() {
        int[] l = new int[5 * 4];
        Shapes.rect(l, 5, 0, 0, 5, 4, 1);
        l[2] = 0; // notch on the top edge
        assertEquals(0, LabelFilters.fillHoles(Shapes.plane(5, 4, l)).get(2, 0));
    }

    @Test
    void relabelIsConsecutiveInRasterOrder() {
        int[] l = {0, 7, 7, 0, 3, 0, 9, 9, 3};
        LabelPlane r = LabelFilters.relabelConsecutive(Shapes.plane(3, 3, l));
        assertArrayEquals(new int[] {0, 1, 1, 0, 2, 0, 3, 3, 2}, r.labels());
        assertEquals(3, r.maxLabel());
    }
}
