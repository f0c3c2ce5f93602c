package io.github.fijiunet.tensor;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Any ImgLib2 image seen as one plane, through a RandomAccess: the fallback for views and cell
 * images, where {@link ArrayPlane} cannot reach a primitive array. Not thread-safe.
 */
final class ImgPlane<T extends RealType<T>> implements ImagePlane {

    private final RandomAccess<T> access;
    private final long[] planeOrigin;
    private final int xDim;
    private final int yDim;
    private final int cDim;
    private final int width;
    private final int height;
    private final int channels;

    /** {@code planeOrigin} fixes the non-XYC dimensions; X, Y, C positions are offsets from the image's min. */
    ImgPlane(RandomAccessibleInterval<T> image, Axes axes, long[] planeOrigin) {
        this.access = image.randomAccess();
        this.planeOrigin = planeOrigin.clone();
        this.xDim = axes.indexOf('X');
        this.yDim = axes.indexOf('Y');
        this.cDim = axes.indexOf('C');
        this.width = (int) image.dimension(xDim);
        this.height = (int) image.dimension(yDim);
        this.channels = cDim < 0 ? 1 : (int) image.dimension(cDim);
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
        return channels;
    }

    private void moveTo(int channel, int y, int x) {
        access.setPosition(planeOrigin);
        access.move(x, xDim);
        access.move(y, yDim);
        if (cDim >= 0) access.move(channel, cDim);
    }

    @Override
    public void readRow(int channel, int y, int x, int length, float[] dst, int dstOffset, int dstStride) {
        moveTo(channel, y, x);
        for (int i = 0, d = dstOffset; i < length; i++, d += dstStride) {
            dst[d] = access.get().getRealFloat();
            access.fwd(xDim);
        }
    }

    @Override
    public void writeRow(int channel, int y, int x, int length, float[] src, int srcOffset, int srcStride) {
        moveTo(channel, y, x);
        T type = access.get();
        double lo = type.getMinValue();
        double hi = type.getMaxValue();
        boolean integer = type instanceof net.imglib2.type.numeric.IntegerType;
        for (int i = 0, s = srcOffset; i < length; i++, s += srcStride) {
            double v = src[s];
            if (integer) v = Double.isNaN(v) ? lo : Math.max(lo, Math.min(hi, Math.floor(v + 0.5)));
            access.get().setReal(v);
            access.fwd(xDim);
        }
    }
}
