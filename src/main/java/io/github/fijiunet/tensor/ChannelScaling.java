package io.github.fijiunet.tensor;

import java.util.Arrays;

/** Per-channel {@code value * scale + offset}, the normalisation applied on the way into a tensor. */
public final class ChannelScaling {

    private final float[] scale;
    private final float[] offset;

    public ChannelScaling(float[] scale, float[] offset) {
        if (scale.length != offset.length) throw new IllegalArgumentException("one scale and one offset per channel");
        this.scale = scale.clone();
        this.offset = offset.clone();
    }

    public static ChannelScaling identity(int channels) {
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        return new ChannelScaling(ones, new float[channels]);
    }

    public int channels() {
        return scale.length;
    }

    public float scale(int channel) {
        return scale[channel];
    }

    public float offset(int channel) {
        return offset[channel];
    }

    @Override
    public String toString() {
        return "scale " + Arrays.toString(scale) + ", offset " + Arrays.toString(offset);
    }
}
