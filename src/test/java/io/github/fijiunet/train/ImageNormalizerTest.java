package io.github.fijiunet.train;

import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.tensor.Normalizer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageNormalizerTest {

    @Test
    void percentilesInterpolateBetweenRanksLikeNumpy() {
        float[] sorted = {1, 2, 3, 4, 5};
        assertEquals(3.0, Normalizer.percentile(sorted, 50), 1e-9);
        assertEquals(4.992, Normalizer.percentile(sorted, 99.8), 1e-9); // numpy.percentile([1..5], 99.8)
        assertEquals(1.04, Normalizer.percentile(sorted, 1), 1e-9);
    }

    @Test
    void modesMapTheReferenceValuesToZeroAndOne() {
        float[] image = {10, 20, 30, 40, 50};
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, ImageNormalizer.normalize(image, Normalization.minMax()), 1e-6f);
        assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2}, ImageNormalizer.normalize(image, Normalization.percentile(0, 50)), 1e-6f);
        assertArrayEquals(image, ImageNormalizer.normalize(image, Normalization.NONE));
        assertArrayEquals(new float[] {0, 0}, ImageNormalizer.normalize(new float[] {7, 7}, Normalization.minMax()), "flat image");
    }
}
