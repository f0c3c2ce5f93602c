package io.github.fijiunet.bioimageio;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bioimage.io's processing steps on small tensors whose results are worked out by hand. */
class ProcessingTest {

    private static final List<String> BCYX = List.of("batch", "channel", "y", "x");

    /** Channel 0 holds 0, 2, 4, 6; channel 1 holds 10, 10, 10, 30. */
    private static FloatTensor twoChannels() {
        return new FloatTensor(new int[] {1, 2, 2, 2}, new float[] {0, 2, 4, 6, 10, 10, 10, 30});
    }

    private static Processing.Step step(String id, Map<String, Object> kwargs) {
        return Processing.parse(id, new Processing.Kwargs(id, kwargs));
    }

    @Test
    void zeroMeanUnitVarianceIsPerChannelOverTheGivenAxes() {
        FloatTensor t = twoChannels();
        Processing.run(List.of(step("zero_mean_unit_variance", Map.of("axes", List.of("x", "y"), "eps", 0.0))), t, BCYX, Map.of());
        double std0 = Math.sqrt(5); // values 0,2,4,6: mean 3, population variance 5
        assertEquals(-3 / std0, t.data()[0], 1e-6);
        assertEquals(3 / std0, t.data()[3], 1e-6);
        assertEquals(-5 / Math.sqrt(75), t.data()[4], 1e-6); // channel 1: mean 15, variance 75
        FloatTensor all = twoChannels();
        Processing.run(List.of(step("zero_mean_unit_variance", Map.of())), all, BCYX, Map.of());
        double mean = 9;
        double sum = 0;
        for (float v : twoChannels().data()) sum += (v - mean) * (v - mean);
        assertEquals((0 - mean) / (Math.sqrt(sum / 8) + 1e-6), all.data()[0], 1e-5, "without axes: statistics of the whole sample");
    }

    @Test
    void aTileIsNormalisedWithTheWholeSamplesStatistics() {
        FloatTensor whole = twoChannels();
        Processing.Fitted fitted = step("scale_range", Map.of("axes", List.of("y", "x"), "min_percentile", 0, "max_percentile", 100, "eps", 0.0))
                .fit(whole, BCYX, Map.of());
        FloatTensor tile = new FloatTensor(new int[] {1, 2, 1, 2}, new float[] {4, 6, 10, 30}); // the bottom row
        fitted.apply(tile, BCYX);
        assertArrayEquals(new float[] {4 / 6f, 1, 0, 1}, tile.data(), 1e-6f);
    }

    @Test
    void percentilesInterpolateLikeNumPy() {
        FloatTensor t = new FloatTensor(new int[] {5}, new float[] {5, 1, 4, 2, 3});
        Processing.run(List.of(step("scale_range", Map.of("min_percentile", 1, "max_percentile", 99, "eps", 0.0))), t, List.of("x"), Map.of());
        // numpy.percentile([1..5], [1, 99]) = 1.04, 4.96
        assertEquals((3 - 1.04) / (4.96 - 1.04), t.data()[4], 1e-6);
        assertEquals((5 - 1.04) / (4.96 - 1.04), t.data()[0], 1e-6);
    }

    @Test
    void perChannelParametersRunAlongTheirAxis() {
        FloatTensor t = twoChannels();
        Processing.run(List.of(step("scale_linear", Map.of("gain", List.of(1.0, 0.5), "offset", List.of(0.0, -5.0), "axis", "channel")),
                step("binarize", Map.of("threshold", List.of(3.0, 5.0), "axis", "channel"))), t, BCYX, Map.of());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1}, t.data());
        FloatTensor f = twoChannels();
        Processing.run(List.of(step("fixed_zero_mean_unit_variance", Map.of("mean", List.of(3.0, 10.0), "std", List.of(1.0, 10.0), "axis", "channel",
                "eps", 0.0))), f, BCYX, Map.of());
        assertArrayEquals(new float[] {-3, -1, 1, 3, 0, 0, 0, 2}, f.data(), 1e-6f);
    }

    @Test
    void softmaxSigmoidClipAndDtype() {
        FloatTensor t = new FloatTensor(new int[] {1, 2, 1, 1}, new float[] {0, (float) Math.log(3)});
        Processing.run(List.of(step("softmax", Map.of("axis", "channel"))), t, BCYX, Map.of());
        assertArrayEquals(new float[] {0.25f, 0.75f}, t.data(), 1e-6f);
        FloatTensor s = new FloatTensor(new int[] {3}, new float[] {0, 100, -2.7f});
        Processing.run(List.of(step("sigmoid", Map.of()), step("clip", Map.of("min", 0.1, "max", 0.9))), s, List.of("x"), Map.of());
        assertArrayEquals(new float[] {0.5f, 0.9f, 0.1f}, s.data(), 1e-6f);
        FloatTensor d = new FloatTensor(new int[] {3}, new float[] {-3.7f, 2.9f, 300});
        Processing.run(List.of(step("ensure_dtype", Map.of("dtype", "uint8"))), d, List.of("x"), Map.of());
        assertArrayEquals(new float[] {0, 2, 255}, d.data());
    }

    @Test
    void scaleMeanVarianceMatchesItsReference() {
        FloatTensor reference = new FloatTensor(new int[] {4}, new float[] {10, 20, 30, 40});
        FloatTensor t = new FloatTensor(new int[] {4}, new float[] {0, 1, 2, 3});
        Processing.run(List.of(step("scale_mean_variance", Map.of("reference_tensor", "raw", "eps", 0.0))), t, List.of("x"),
                Map.of("raw", new Processing.Sample(reference, List.of("x"))));
        assertArrayEquals(reference.data(), t.data(), 1e-4f);
    }

    @Test
    void badKwargsAreNamed() {
        String message = assertThrows(InvalidInputException.class, () -> step("scale_range", Map.of("min_percentile", 50, "max_percentile", 10))).getMessage();
        assertTrue(message.contains("min_percentile < max_percentile"), message);
        FloatTensor t = twoChannels();
        message = assertThrows(InvalidInputException.class, () -> Processing.run(List.of(step("zero_mean_unit_variance", Map.of("axes", List.of("z")))),
                t, BCYX, Map.of())).getMessage();
        assertTrue(message.contains("axis \"z\""), message);
    }

    @Test
    void tensorsPermuteTheirAxes() {
        FloatTensor t = new FloatTensor(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        FloatTensor p = t.permute(1, 0);
        assertArrayEquals(new int[] {3, 2}, p.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, p.data());
        assertArrayEquals(t.data(), p.permute(1, 0).data());
    }
}
