package io.github.fijiunet.predict;

import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneTarget;
import io.github.fijiunet.tensor.WindowCopy;

/**
 * Test-time augmentation of one plane: each tile's window is predicted in the 8 symmetries of the
 * square (the identity, mirror flips, transposes and so the 90° rotations), each output mapped
 * back onto the window and averaged. Tiles whose windows are aligned to the model's tile multiple
 * keep that alignment under every symmetry, so tiled augmentation equals augmentation of one
 * pass over the plane, as plain tiling does. The spread of the foreground probability (one
 * channel, or 1 − background) across the 8 predictions, its standard deviation, is kept per
 * pixel as an uncertainty map.
 */
public final class TestTimeAugmentation {

    /** The symmetries predicted per tile. */
    public static final int TRANSFORMS = 8;

    private final int width;
    private final float[] uncertainty;

    /** For a width × height plane. */
    public TestTimeAugmentation(int width, int height) {
        this.width = width;
        this.uncertainty = new float[Math.multiplyExact(width, height)];
    }

    /** Per pixel (row-major), the standard deviation of the foreground probability across the {@value #TRANSFORMS} predictions. */
    public float[] uncertainty() {
        return uncertainty;
    }

    void predictTile(LoadedModel model, PlaneSource source, ChannelScaling scaling, Tile tile, PlaneTarget target) {
        int w = tile.windowWidth;
        int h = tile.windowHeight;
        int in = source.channels();
        int out = target.channels();
        float[] window = new float[w * h * in];
        WindowCopy.readNhwc(source, scaling, tile.windowX, tile.windowY, w, h, window, 0);
        float[] transformed = new float[window.length];
        int cropX = tile.x - tile.windowX;
        int cropY = tile.y - tile.windowY;
        float[] sum = new float[tile.width * tile.height * out];
        float[] foreground = new float[tile.width * tile.height];
        float[] foregroundSquares = new float[foreground.length];
        for (int t = 0; t < TRANSFORMS; t++) {
            Symmetry s = new Symmetry(t, w, h);
            s.apply(window, 0, transformed, 0, w, h, in);
            float[] predicted = model.runBatch(transformed, 1, s.height, s.width, in);
            if (predicted.length != w * h * out) {
                throw new io.github.fijiunet.model.ModelLoadException("The model returned " + predicted.length + " values for a " + s.width + "x"
                        + s.height + " window; fiji-unet needs " + out + " channel(s) of the same size. Check \"output.channels\" in the descriptor.");
            }
            for (int y = 0; y < tile.height; y++) {
                for (int x = 0; x < tile.width; x++) {
                    int from = s.index(cropX + x, cropY + y) * out;
                    int to = y * tile.width + x;
                    for (int k = 0; k < out; k++) sum[to * out + k] += predicted[from + k];
                    float f = out == 1 ? predicted[from] : 1f - predicted[from];
                    foreground[to] += f;
                    foregroundSquares[to] += f * f;
                }
            }
        }
        float[] row = new float[tile.width * out];
        for (int y = 0; y < tile.height; y++) {
            int base = y * tile.width;
            for (int i = 0; i < row.length; i++) row[i] = sum[base * out + i] / TRANSFORMS;
            for (int k = 0; k < out; k++) target.writeRow(k, tile.y + y, tile.x, tile.width, row, k, out);
            for (int x = 0; x < tile.width; x++) {
                float mean = foreground[base + x] / TRANSFORMS;
                float variance = foregroundSquares[base + x] / TRANSFORMS - mean * mean;
                uncertainty[(tile.y + y) * width + tile.x + x] = variance > 0 ? (float) Math.sqrt(variance) : 0f;
            }
        }
    }
}
