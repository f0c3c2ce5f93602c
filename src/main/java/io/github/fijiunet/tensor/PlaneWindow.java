package io.github.fijiunet.tensor;

/** A rectangle of another plane, read in place (block-wise segmentation of planes too large for one piece). */
public final class PlaneWindow implements PlaneSource {

    private final PlaneSource plane;
    private final int x0;
    private final int y0;
    private final int width;
    private final int height;

    public PlaneWindow(PlaneSource plane, int x0, int y0, int width, int height) {
        if (x0 < 0 || y0 < 0 || width < 1 || height < 1 || (long) x0 + width > plane.width() || (long) y0 + height > plane.height()) {
            throw new IllegalArgumentException("window " + width + "x" + height + " at (" + x0 + ", " + y0 + ") is outside a "
                    + plane.width() + "x" + plane.height() + " plane");
        }
        this.plane = plane;
        this.x0 = x0;
        this.y0 = y0;
        this.width = width;
        this.height = height;
    }

    @Override
    public PlaneSource whole() {
        return plane.whole();
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
    public int channels() {
        return plane.channels();
    }

    @Override
    public void readRow(int channel, int y, int x, int length, float[] dst, int dstOffset, int dstStride) {
        plane.readRow(channel, y0 + y, x0 + x, length, dst, dstOffset, dstStride);
    }

    @Override
    public boolean isFloatingPoint() {
        return plane.isFloatingPoint();
    }
}
