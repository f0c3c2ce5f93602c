package io.github.fijiunet.post;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutlineTracerTest {

    @Test
    void squareIsTracedClockwiseThroughPixelCorners() {
        int[] l = new int[6 * 5];
        Shapes.rect(l, 6, 2, 1, 3, 2, 1);
        List<ObjectOutline> outlines = OutlineTracer.trace(Shapes.plane(6, 5, l), 4);
        assertEquals(1, outlines.size());
        ObjectOutline o = outlines.get(0);
        assertEquals(1, o.label());
        assertEquals(4, o.plane());
        assertArrayEquals(new int[] {2, 5, 5, 2}, o.xs());
        assertArrayEquals(new int[] {1, 1, 3, 3}, o.ys());
    }

    @Test
    void singlePixelPerimeterAsImageJ() {
        int[] l = {0, 0, 0, 0, 1, 0, 0, 0, 0};
        ObjectOutline o = OutlineTracer.trace(Shapes.plane(3, 3, l), 0).get(0);
        assertEquals(4 - 2 * (2 - Math.sqrt(2)), o.perimeter(1, 1), 1e-12);
    }

    @Test
    void diagonalPartsBelongToOneEightConnectedOutline() {
        int[] l = {
            1, 0, 0,
            0, 1, 0,
            0, 0, 1,
        };
        ObjectOutline o = OutlineTracer.trace(Shapes.plane(3, 3, l), 0).get(0);
        // The walk passes through the shared corners (1,1) and (2,2) twice.
        assertEquals(12, o.pointCount());
    }
}
