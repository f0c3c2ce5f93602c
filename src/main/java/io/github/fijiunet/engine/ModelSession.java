package io.github.fijiunet.engine;

import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.PlaneSource;

import java.util.ArrayList;
import java.util.List;

/**
 * A loaded model in an {@link Engine}. Thread-safe: several threads may run it at once. Close it
 * to free the engine's native memory.
 */
public interface ModelSession extends AutoCloseable {

    /**
     * Runs the model on the width×height window of {@code source} at (x, y), pixels beyond the
     * plane mirrored, normalised by {@code scaling} inside the engine. The window's size suits the
     * model (the caller checked it). The output stays in the engine until it is closed.
     */
    WindowOutput runWindow(PlaneSource source, int x, int y, int width, int height, ChannelScaling scaling);

    /** Whether {@link #runWindows} runs several windows as one batch (else it runs them one by one). */
    default boolean batchesWindows() {
        return false;
    }

    /**
     * Runs the model on windows of one size ({@link ModelWindow#stacksWith}), each as
     * {@link #runWindow} would, and returns their outputs in order; the caller closes each.
     */
    default List<WindowOutput> runWindows(List<ModelWindow> windows) {
        List<WindowOutput> outputs = new ArrayList<>(windows.size());
        try {
            for (ModelWindow w : windows) outputs.add(runWindow(w.source(), w.x(), w.y(), w.width(), w.height(), w.scaling()));
            return outputs;
        } catch (RuntimeException | Error e) {
            outputs.forEach(WindowOutput::close);
            throw e;
        }
    }

    /**
     * Runs the model on {@code count} NHWC samples of normalised floats ({@code height × width ×
     * channels} each, back to back) and returns its whole output as floats, sample by sample.
     */
    float[] runBatch(float[] samples, int count, int height, int width, int channels);

    @Override
    void close();
}
