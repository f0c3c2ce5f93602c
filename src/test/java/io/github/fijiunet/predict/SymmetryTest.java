package io.github.fijiunet.predict;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.fijiunet.model.ModelDescriptor.HORIZONTAL_FLIP;
import static io.github.fijiunet.model.ModelDescriptor.ROTATION_90;
import static io.github.fijiunet.model.ModelDescriptor.VERTICAL_FLIP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SymmetryTest {

    @Test
    void theGeneratorsGiveTheirGroupIdentityFirst() {
        assertArrayEquals(new int[] {0}, Symmetry.group(List.of()));
        assertArrayEquals(new int[] {0, 1}, Symmetry.group(List.of(HORIZONTAL_FLIP)));
        assertArrayEquals(new int[] {0, 2}, Symmetry.group(List.of(VERTICAL_FLIP)));
        assertArrayEquals(new int[] {0, 1, 2, 3}, sorted(Symmetry.group(List.of(HORIZONTAL_FLIP, VERTICAL_FLIP))));
        // quarter turns: the identity, 90°, 180° (both flips) and 270°, no mirror image
        assertArrayEquals(new int[] {0, 3, 5, 6}, sorted(Symmetry.group(List.of(ROTATION_90))));
        assertEquals(8, Symmetry.group(List.of(HORIZONTAL_FLIP, ROTATION_90)).length);
    }

    /** Code 5 turns a 2 × 3 window a quarter clockwise: its top-left pixel goes to the top right of the 3 × 2 result. */
    @Test
    void theRotationCodeIsAQuarterTurn() {
        float[] window = {1, 2, 3, 4, 5, 6}; // 3 wide, 2 high
        float[] turned = new float[6];
        Symmetry quarter = new Symmetry(5, 3, 2);
        quarter.apply(window, 0, turned, 0, 3, 2, 1);
        assertEquals(2, quarter.width);
        assertArrayEquals(new float[] {4, 1, 5, 2, 6, 3}, turned);
    }

    private static int[] sorted(int[] codes) {
        int[] copy = codes.clone();
        java.util.Arrays.sort(copy);
        return copy;
    }
}
