package io.github.fijiunet.post;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConnectedComponentsTest {

    // Two diagonal touching pixels plus a separate bar.
    private static final boolean[] MASK = {
        true, false, false, false, false,
        false, true, false, true, true,
        false, false, false, false, false,
    };

    @Test
    void fourConnectivitySeparatesDiagonalNeighbours() {
        LabelPlane labels = ConnectedComponents.label(MASK, 5, 3, Connectivity.FOUR);
        assertEquals(3, labels.maxLabel());
        assertArrayEquals(new int[] {1, 0, 0, 0, 0, 0, 2, 0, 3, 3, 0, 0, 0, 0, 0}, labels.labels());
    }

    @Test
    void eightConnectivityJoinsDiagonalNeighbours() {
        LabelPlane labels = ConnectedComponents.label(MASK, 5, 3, Connectivity.EIGHT);
        assertEquals(2, labels.maxLabel());
        assertArrayEquals(new int[] {1, 0, 0, 0, 0, 0, 1, 0, 2, 2, 0, 0, 0, 0, 0}, labels.labels());
    }

    @Test
    void emptyMaskHasNoComponents() {
        assertEquals(0, ConnectedComponents.label(new boolean[6], 3, 2, Connectivity.EIGHT).maxLabel());
    }

    /** The union-find labelling gives exactly the labels of a breadth-first flood in raster order, on random masks of every density. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"0.2, FOUR", "0.5, FOUR", "0.7, FOUR", "0.2, EIGHT", "0.5, EIGHT", "0.7, EIGHT", "0.95, EIGHT"})
    void matchesABreadthFirstFloodInRasterOrder(double density, Connectivity connectivity) {
        java.util.Random random = new java.util.Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int w = 1 + random.nextInt(60);
            int h = 1 + random.nextInt(60);
            boolean[] mask = new boolean[w * h];
            for (int i = 0; i < mask.length; i++) mask[i] = random.nextDouble() < density;
            LabelPlane fast = ConnectedComponents.label(mask, w, h, connectivity);
            int[] expected = breadthFirst(mask, w, h, connectivity);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, fast.labels(), w + "x" + h + " trial " + trial);
            int max = 0;
            for (int v : expected) max = Math.max(max, v);
            org.junit.jupiter.api.Assertions.assertEquals(max, fast.maxLabel());
        }
    }

    /** The reference: flood each unlabelled foreground pixel's region in raster order. */
    private static int[] breadthFirst(boolean[] mask, int w, int h, Connectivity c) {
        int[] labels = new int[mask.length];
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        int next = 0;
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || labels[start] != 0) continue;
            labels[start] = ++next;
            queue.add(start);
            while (!queue.isEmpty()) {
                int p = queue.poll();
                for (int k = 0; k < c.neighbourCount(); k++) {
                    int x = p % w + c.dx(k);
                    int y = p / w + c.dy(k);
                    if (x < 0 || y < 0 || x >= w || y >= h) continue;
                    int q = y * w + x;
                    if (mask[q] && labels[q] == 0) {
                        labels[q] = next;
                        queue.add(q);
                    }
                }
            }
        }
        return labels;
    }
}
