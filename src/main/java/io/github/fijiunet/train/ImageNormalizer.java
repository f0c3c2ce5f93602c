package io.github.fijiunet.train;

import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.tensor.Normalizer;

/**
 * Applies a {@link Normalization} to one training image with the runtime's own {@link Normalizer},
 * so that training sees exactly the values inference will feed: percentile mode maps the low/high
 * percentiles to 0 and 1 without clipping; min-max maps the extremes.
 */
public final class ImageNormalizer {

    private ImageNormalizer() {}

    public static float[] normalize(float[] pixels, Normalization normalization) {
        ChannelScaling scaling = Normalizer.compute(ArrayPlane.of(ArrayPlane.Kind.FLOAT32, pixels.length, 1, (Object) pixels), normalization);
        float scale = scaling.scale(0);
        float offset = scaling.offset(0);
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) out[i] = pixels[i] * scale + offset;
        return out;
    }
}
