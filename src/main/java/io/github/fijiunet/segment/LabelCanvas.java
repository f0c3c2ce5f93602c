package io.github.fijiunet.segment;

/**
 * The whole-plane label image a block-wise segmentation paints into, block by block. An object
 * owned by one block may reach into its neighbours' overlap, so painting never replaces a label
 * already there: the first block to claim a pixel keeps it.
 */
public interface LabelCanvas {

    int width();

    int height();

    /**
     * Paints {@code labels[offset + i]} at (x + i, y) for i in [0, length) wherever that value is
     * not 0 and the canvas still holds 0.
     */
    void claim(int y, int x, int[] labels, int offset, int length);
}
