package io.github.fijiunet.predict;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.tensor.ArrayPlane;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Crops and resampling against values worked out by hand. */
class PatchTest {

    /** 5×5 plane whose pixel (x, y) holds 10·y + x. */
    private static ArrayPlane grid() {
        float[] v = new float[25];
        for (int y = 0; y < 5; y++) for (int x = 0; x < 5; x++) v[y * 5 + x] = 10 * y + x;
        return ArrayPlane.of(ArrayPlane.Kind.FLOAT32, 5, 5, v);
    }

    @Test
    void areaAveragingShrinksByWholeBlocks() {
        float[] src = new float[16];
        for (int i = 0; i < 16; i++) src[i] = i;
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, Resampler.resize(src, 4, 4, 2, 2), 1e-6f);
    }

    @Test
    void areaAveragingWeighsPartlyCoveredPixels() {
        // 3 → 2: output 0 covers [0, 1.5): (1·0 + 0.5·3) / 1.5 = 1; output 1 covers [1.5, 3): (0.5·3 + 1·6) / 1.5 = 5.
        assertArrayEquals(new float[] {1f, 5f}, Resampler.resize(new float[] {0, 3, 6}, 3, 1, 2, 1), 1e-6f);
    }

    @Test
    void bilinearGrowsBetweenPixelCentresAndClampsEdges() {
        // 2 → 4: centres map to -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
        assertArrayEquals(new float[] {0f, 1f, 3f, 4f}, Resampler.resize(new float[] {0, 4}, 2, 1, 4, 1), 1e-6f);
        float[] column = Resampler.resize(new float[] {0, 4}, 1, 2, 1, 4);
        assertArrayEquals(new float[] {0f, 1f, 3f, 4f}, column, 1e-6f);
    }

    @Test
    void sameSizeIsUnchanged() {
        float[] src = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(src, Resampler.resize(src, 3, 2, 3, 2));
    }

    @Test
    void boxWithMarginShowsTheImageAroundIt() {
        Patch p = Patch.crop(grid(), CropRegion.box(0, 1, 1, 2, 2), 1, true);
        assertEquals(4, p.width());
        assertEquals(4, p.height());
        assertArrayEquals(new float[] {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33}, p.channel(0));
    }

    @Test
    void maskedObjectIsShownAloneOnItsLowestValue() {
        // Diagonal mask at (3,3)-(4,4): object pixels 33 and 44; the rest (mask holes, margin, outside) is 33.
        Patch p = Patch.crop(grid(), CropRegion.masked(0, 3, 3, 2, 2, new boolean[] {true, false, false, true}), 1, false);
        float[] expected = new float[16];
        java.util.Arrays.fill(expected, 33);
        expected[2 * 4 + 2] = 44;
        assertArrayEquals(expected, p.channel(0));
    }

    @Test
    void squareCropsGrowTheShortSideEvenlyAndFillOutsideTheImage() {
        // 4×2 box at the top edge → 4×4 window from y = -1: the row above the image takes the box's minimum (0).
        Patch p = Patch.crop(grid(), CropRegion.box(0, 0, 0, 4, 2), 0, true);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23}, p.channel(0));
        Patch resized = p.resized(2, 2);
        assertArrayEquals(new float[] {0.25f, 1.25f, 15.5f, 17.5f}, resized.channel(0), 1e-5f);
    }

    @Test
    void objectOutsideTheImageIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Patch.crop(grid(), CropRegion.box(0, 10, 10, 2, 2), 0, false));
        assertEquals(true, e.getMessage().contains("no pixel inside the 5x5 image"), e.getMessage());
    }
}
