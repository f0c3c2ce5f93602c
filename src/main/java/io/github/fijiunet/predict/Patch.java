package io.github.fijiunet.predict;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.PlaneSource;

/**
 * A small multi-channel float image cut out of a plane for classification: a whole plane, or an
 * object's box grown by a margin (optionally to a square, keeping the object's aspect ratio).
 * Pixels outside the image, or outside the object's mask, take the lowest value found inside the
 * object, per channel: the background level a classifier trained on dark-background samples (as
 * Fashion-MNIST) sees after min-max or percentile normalisation.
 */
public final class Patch {

    private final int width;
    private final int height;
    private final float[][] channels;

    private Patch(int width, int height, float[][] channels) {
        this.width = width;
        this.height = height;
        this.channels = channels;
    }

    /** The whole plane. */
    public static Patch of(PlaneSource plane) {
        int w = plane.width();
        int h = plane.height();
        float[][] channels = new float[plane.channels()][w * h];
        for (int c = 0; c < channels.length; c++) {
            for (int y = 0; y < h; y++) plane.readRow(c, y, 0, w, channels[c], y * w, 1);
        }
        return new Patch(w, h, channels);
    }

    /**
     * The region's box grown by {@code margin} pixels on every side and, with {@code square}, the
     * shorter side grown (evenly on both ends) to the longer one.
     */
    public static Patch crop(PlaneSource plane, CropRegion region, int margin, boolean square) {
        if (margin < 0) throw new InvalidInputException("The crop margin must be 0 or more pixels, got " + margin + ".");
        int w = region.width() + 2 * margin;
        int h = region.height() + 2 * margin;
        int x0 = region.x() - margin;
        int y0 = region.y() - margin;
        if (square && w != h) {
            int side = Math.max(w, h);
            x0 -= (side - w) / 2;
            y0 -= (side - h) / 2;
            w = side;
            h = side;
        }
        int imageWidth = plane.width();
        int imageHeight = plane.height();
        int readFrom = Math.max(x0, 0);
        int readTo = Math.min(x0 + w, imageWidth);
        float[] row = new float[Math.max(readTo - readFrom, 0)];
        float[][] channels = new float[plane.channels()][w * h];
        for (int c = 0; c < channels.length; c++) {
            boolean[] read = new boolean[w * h];
            float background = Float.POSITIVE_INFINITY;
            for (int py = 0; py < h; py++) {
                int iy = y0 + py;
                if (iy < 0 || iy >= imageHeight || row.length == 0) continue;
                plane.readRow(c, iy, readFrom, row.length, row, 0, 1);
                for (int ix = readFrom; ix < readTo; ix++) {
                    int px = ix - x0;
                    int bx = ix - region.x();
                    int by = iy - region.y();
                    boolean inBox = bx >= 0 && by >= 0 && bx < region.width() && by < region.height();
                    boolean objectPixel = inBox && region.contains(bx, by);
                    // Margin pixels around a plain box are real image; a masked object is shown alone.
                    if (!objectPixel && (inBox || region.isMasked())) continue;
                    float v = row[ix - readFrom];
                    channels[c][py * w + px] = v;
                    read[py * w + px] = true;
                    if (objectPixel && v < background) background = v;
                }
            }
            if (background == Float.POSITIVE_INFINITY) {
                throw new InvalidInputException("The object at (" + region.x() + ", " + region.y() + "), " + region.width() + "x"
                        + region.height() + " pixels, has no pixel inside the " + imageWidth + "x" + imageHeight
                        + " image (or its mask is empty). Remove it or check that it belongs to this image.");
            }
            for (int i = 0; i < read.length; i++) if (!read[i]) channels[c][i] = background;
        }
        return new Patch(w, h, channels);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Channel {@code c}, row-major (a copy). */
    public float[] channel(int c) {
        return channels[c].clone();
    }

    /** This patch resized with {@link Resampler} (area averaging when shrinking, bilinear when growing). */
    public Patch resized(int targetWidth, int targetHeight) {
        if (targetWidth == width && targetHeight == height) return this;
        float[][] resized = new float[channels.length][];
        for (int c = 0; c < channels.length; c++) {
            resized[c] = Resampler.resize(channels[c], width, height, targetWidth, targetHeight);
        }
        return new Patch(targetWidth, targetHeight, resized);
    }

    /** A plane over this patch's own arrays, for normalisation, tensor copies and segmentation at another scale. */
    public ArrayPlane asPlane() {
        return ArrayPlane.of(ArrayPlane.Kind.FLOAT32, width, height, (Object[]) channels);
    }
}
