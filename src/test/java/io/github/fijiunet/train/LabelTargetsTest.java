package io.github.fijiunet.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelTargetsTest {

    @Test
    void instanceLabelsBecomeBackgroundBoundaryInterior() {
        // Two touching objects (1 and 2) and a lone pixel object (3), 6×5. The image edge is no
        // object edge, so object 2's pixel on the right edge between its own pixels stays interior.
        int[] labels = {
                0, 0, 0, 0, 0, 0,
                0, 1, 1, 1, 2, 2,
                0, 1, 1, 1, 2, 2,
                0, 1, 1, 1, 2, 2,
                3, 0, 0, 0, 0, 0};
        byte[] expected = {
                0, 0, 0, 0, 0, 0,
                0, 1, 1, 1, 1, 1,
                0, 1, 2, 1, 1, 2,
                0, 1, 1, 1, 1, 1,
                1, 0, 0, 0, 0, 0};
        assertArrayEquals(expected, LabelTargets.instanceClasses(labels, 6, 5));

        int[] fiveByFive = new int[25];
        for (int y = 0; y < 5; y++) for (int x = 0; x < 5; x++) fiveByFive[y * 5 + x] = 7;
        byte[] classes = LabelTargets.instanceClasses(fiveByFive, 5, 5);
        // Image borders are not object borders: only the label change counts, so all is interior.
        for (byte c : classes) assertTrue(c == LabelTargets.INTERIOR);
    }

    @Test
    void binaryMasksAreSplitIntoConnectedComponents() {
        int[] mask = {
                255, 255, 0, 255,
                0, 0, 0, 255,
                255, 0, 255, 255};
        assertTrue(LabelTargets.isBinary(mask));
        assertFalse(LabelTargets.isBinary(new int[] {0, 1, 2}));
        assertArrayEquals(new int[] {1, 1, 0, 2, 0, 0, 0, 2, 3, 0, 2, 2}, LabelTargets.connectedComponents(mask, 4, 3));
    }

    @Test
    void mirrorPaddingReflectsWithoutRepeatingTheEdge() {
        int[] got = new int[8];
        for (int i = -3; i < 5; i++) got[i + 3] = SegmentationDataset.reflect(i, 3);
        assertArrayEquals(new int[] {1, 2, 1, 0, 1, 2, 1, 0}, got);
    }
}
