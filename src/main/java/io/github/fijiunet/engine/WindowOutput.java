package io.github.fijiunet.engine;

import io.github.fijiunet.tensor.PlaneTarget;

/** A model's output for one window, channels first, held in the engine's memory until closed. */
public interface WindowOutput extends AutoCloseable {

    int channels();

    int height();

    int width();

    /**
     * Copies the width×height part at (cropX, cropY) into {@code target} at (targetX, targetY):
     * bulk copies where the target's pixels are the output's type, converted (rounded, clamped) by
     * the target otherwise.
     */
    void writeTo(int cropX, int cropY, int width, int height, PlaneTarget target, int targetX, int targetY);

    @Override
    void close();
}
