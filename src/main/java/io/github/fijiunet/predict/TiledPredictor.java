package io.github.fijiunet.predict;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.engine.WindowOutput;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.ModelLoadException;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneTarget;

import java.util.List;

/**
 * Runs a fully convolutional model over planes of any size, tile by tile, writing each tile's
 * inner part straight into the destination. Memory stays bounded by one tile's tensors; the
 * stitched result equals a single pass over the plane wherever the halo covers the network's
 * border effects.
 */
public final class TiledPredictor {

    private final LoadedModel model;
    private final int multiple;
    private final int halo;
    private final int tileSize;

    public TiledPredictor(LoadedModel model, TilingOptions options) {
        ModelDescriptor descriptor = model.descriptor();
        if (descriptor.inputSize() != null) {
            throw new InvalidInputException("The model \"" + descriptor.name() + "\" takes fixed " + descriptor.inputSize()[1] + "x"
                    + descriptor.inputSize()[0] + " inputs (a classifier), it cannot segment images. Pick a segmentation model.");
        }
        this.model = model;
        this.multiple = descriptor.tileMultiple();
        this.halo = options.halo() == TilingOptions.MODEL_HALO ? descriptor.halo() : options.halo();
        long bytesPerPixel = model.windowBytesPerPixel();
        int largest = options.automaticTileSize(multiple, halo, bytesPerPixel);
        int minimum = TilingOptions.minimumTileSize(multiple, halo);
        // A model with a largest window (a fixed-size bioimage.io model, which pads smaller windows): tiles whose
        // windows, halo and alignment to the multiple included, stay within it.
        int windowLimit = descriptor.largestWindow() <= 0 ? Integer.MAX_VALUE
                : descriptor.largestWindow() / multiple * multiple - 2 * TileGrid.roundUp(halo, multiple) - multiple;
        if (windowLimit < minimum) {
            throw new ModelLoadException("The model \"" + descriptor.name() + "\" takes windows of at most " + descriptor.largestWindow()
                    + " px, which leave less than the " + minimum + " px a tile needs inside a halo of " + halo + " px on each side.");
        }
        if (largest < minimum) {
            // Checked whatever tile size was asked for: any tile would be mostly halo or exceed the memory budget.
            int window = largest + 2 * TileGrid.roundUp(halo, multiple);
            throw new ModelLoadException("The model \"" + descriptor.name() + "\" cannot be tiled: the largest window whose activations fit "
                    + (options.memoryBudgetBytes() >> 20) + " MB (at " + bytesPerPixel + " bytes per pixel) is " + window + " px, which leaves "
                    + Math.max(0, largest) + " px inside a halo of " + halo + " px on each side, less than the " + minimum
                    + " px a tile needs. Check \"halo\" and \"activationBytesPerPixel\" in the model's " + ModelDescriptor.FILE_NAME + ".");
        }
        this.tileSize = Math.min(options.resolveTileSize(multiple, halo, bytesPerPixel), windowLimit);
    }

    /** The inner tile edge in pixels actually used. */
    public int tileSize() {
        return tileSize;
    }

    public int halo() {
        return halo;
    }

    public List<Tile> tilesFor(int width, int height) {
        return TileGrid.plan(width, height, tileSize, tileSize, halo, multiple);
    }

    /** Receives per-tile progress within one plane. */
    public interface TileListener {
        void tileDone(int tilesDone, int tilesTotal, String message);
    }

    public void predictPlane(PlaneSource source, ChannelScaling scaling, PlaneTarget target, TileListener listener,
                             Progress cancellation) {
        predictPlane(source, scaling, target, null, listener, cancellation);
    }

    /**
     * As {@link #predictPlane(PlaneSource, ChannelScaling, PlaneTarget, TileListener, Progress)};
     * with {@code augmented} (not null), every tile is predicted in the 8 flips and rotations of
     * its window ({@link TestTimeAugmentation}), the mean written to {@code target} and the
     * per-pixel uncertainty to {@code augmented}'s map.
     */
    public void predictPlane(PlaneSource source, ChannelScaling scaling, PlaneTarget target, TestTimeAugmentation augmented,
                             TileListener listener, Progress cancellation) {
        int outChannels = model.descriptor().output().channels();
        if (target.channels() != outChannels) {
            throw new IllegalArgumentException("target has " + target.channels() + " channels, the model writes " + outChannels);
        }
        List<Tile> tiles = tilesFor(source.width(), source.height());
        for (int i = 0; i < tiles.size(); i++) {
            cancellation.checkCancelled();
            Tile tile = tiles.get(i);
            if (augmented != null) {
                augmented.predictTile(model, source, scaling, tile, target);
            } else {
                try (WindowOutput output = model.runWindow(source, tile.windowX, tile.windowY, tile.windowWidth, tile.windowHeight, scaling)) {
                    checkOutput(output.channels(), output.width(), output.height(), tile, outChannels);
                    output.writeTo(tile.x - tile.windowX, tile.y - tile.windowY, tile.width, tile.height, target, tile.x, tile.y);
                }
            }
            listener.tileDone(i + 1, tiles.size(), "tile " + (i + 1) + "/" + tiles.size());
        }
    }

    static void checkOutput(int channels, int width, int height, Tile tile, int outChannels) {
        if (channels != outChannels || height != tile.windowHeight || width != tile.windowWidth) {
            throw new ModelLoadException("The model returned " + channels + " channel(s) of " + width + "x"
                    + height + " for a " + tile.windowWidth + "x" + tile.windowHeight + " input; fiji-unet needs same-size outputs with "
                    + outChannels + " channel(s). Check \"output.channels\" and \"tileMultiple\" in the descriptor.");
        }
    }
}
