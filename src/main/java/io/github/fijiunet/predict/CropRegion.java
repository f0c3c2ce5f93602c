package io.github.fijiunet.predict;

import io.github.fijiunet.InvalidInputException;

/**
 * An object to classify: its bounding box on one plane of an image and, optionally, its mask
 * (row-major, box-sized, true inside the object), e.g. from an ImageJ ROI or a label.
 */
public final class CropRegion {

    private final int plane;
    private final int x;
    private final int y;
    private final int width;
    private final int height;
    private final boolean[] mask;

    private CropRegion(int plane, int x, int y, int width, int height, boolean[] mask) {
        if (plane < 0) throw new InvalidInputException("A crop's plane index must be 0 or more, got " + plane + ".");
        if (width < 1 || height < 1) {
            throw new InvalidInputException("A crop needs a box of at least 1x1 pixels, got " + width + "x" + height + " at (" + x + ", " + y + ").");
        }
        if (mask != null && mask.length != width * height) {
            throw new InvalidInputException("A crop mask must hold width x height = " + width * height + " values, got " + mask.length + ".");
        }
        this.plane = plane;
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
        this.mask = mask == null ? null : mask.clone();
    }

    /** Every pixel of the box belongs to the object. */
    public static CropRegion box(int plane, int x, int y, int width, int height) {
        return new CropRegion(plane, x, y, width, height, null);
    }

    /** Only pixels where {@code mask} is true belong to the object; the rest count as background. */
    public static CropRegion masked(int plane, int x, int y, int width, int height, boolean[] mask) {
        if (mask == null) throw new InvalidInputException("A masked crop needs a mask; use CropRegion.box for a plain box.");
        return new CropRegion(plane, x, y, width, height, mask);
    }

    public int plane() {
        return plane;
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

    public boolean isMasked() {
        return mask != null;
    }

    /** Whether the box pixel (bx, by), relative to the box's corner, belongs to the object. */
    public boolean contains(int bx, int by) {
        return mask == null || mask[by * width + bx];
    }
}
