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
}
