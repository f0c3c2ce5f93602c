package io.github.fijiunet.segment;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.post.LabelPlane;

/** A {@link LabelCanvas} in memory, for planes whose labels fit one Java array. */
final class ArrayLabelCanvas implements LabelCanvas {

    private final int width;
    private final int height;
    private final int[] labels;

    ArrayLabelCanvas(int width, int height) {
        long pixels = (long) width * height;
        if (pixels > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("A " + width + "x" + height + " plane has more pixels than one label image can hold in memory ("
                    + pixels + "); segment it from the command line, which streams labels to a file (fiji-unet segment).");
        }
        this.width = width;
        this.height = height;
        this.labels = new int[(int) pixels];
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void claim(int y, int x, int[] values, int offset, int length) {
        int row = y * width + x;
        for (int i = 0; i < length; i++) {
            int v = values[offset + i];
            if (v != 0 && labels[row + i] == 0) labels[row + i] = v;
        }
    }

    LabelPlane toLabelPlane(int maxLabel) {
        return new LabelPlane(width, height, labels, maxLabel);
    }
}
