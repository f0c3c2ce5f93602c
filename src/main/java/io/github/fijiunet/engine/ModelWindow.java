package io.github.fijiunet.engine;

import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.PlaneSource;

/** The width×height window of {@code source} at (x, y) a model runs on, normalised by {@code scaling}. */
public final class ModelWindow {

    private final PlaneSource source;
    private final int x;
    private final int y;
    private final int width;
    private final int height;
    private final ChannelScaling scaling;

    public ModelWindow(PlaneSource source, int x, int y, int width, int height, ChannelScaling scaling) {
        this.source = source;
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
        this.scaling = scaling;
    }

    public PlaneSource source() {
        return source;
    }

    public int x() {
        return x;
    }

    public int y() {
        return y;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public ChannelScaling scaling() {
        return scaling;
    }

    public long pixels() {
        return (long) width * height;
    }

    /** Whether one tensor can hold both windows: the same size and channels. */
    public boolean stacksWith(ModelWindow other) {
        return width == other.width && height == other.height && source.channels() == other.source.channels();
    }
}
