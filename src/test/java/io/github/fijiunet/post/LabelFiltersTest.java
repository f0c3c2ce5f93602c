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
        LabelPlane filtered = LabelFilters.removeBySize(Shapes.plane(10, 10, l), 2, 10);
        long[] areas = LabelFilters.areas(filtered);
        assertEquals(0, areas[1]);
        assertEquals(4, areas[2]);
        assertEquals(0, areas[3]);
        long[] unbounded = LabelFilters.areas(LabelFilters.removeBySize(Shapes.plane(10, 10, l), 2, 0));
        assertEquals(25, unbounded[3]);
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
