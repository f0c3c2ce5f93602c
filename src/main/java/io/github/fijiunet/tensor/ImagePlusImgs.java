package io.github.fijiunet.tensor;

import ij.ImagePlus;
import ij.ImageStack;
import io.github.fijiunet.InvalidInputException;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

import java.util.ArrayList;
import java.util.List;

/**
 * ImageJ 1.x images as ImgLib2 images and plane stacks, over the ImagePlus' own pixel arrays
 * (imglib2-ij is not on Maven Central). Axes are always {@code XYCZT}; an RGB image reads as three
 * 8-bit channels R, G, B.
 */
public final class ImagePlusImgs {

    public static final Axes AXES = Axes.of("XYCZT");

    private ImagePlusImgs() {}

    /** The image's planes: one per (Z, T), Z fastest, each holding all channels. */
    public static PlaneStack planes(ImagePlus imp) {
        ArrayPlane.Kind kind = kindOf(imp);
        int channels = imp.getNChannels();
        if (kind == ArrayPlane.Kind.RGB && channels != 1) {
            throw new InvalidInputException("RGB images with several channels are not supported; split the channels or convert to a composite (Image > Color > Make Composite).");
        }
        int slices = imp.getNSlices();
        ImageStack stack = imp.getStack();
        int width = imp.getWidth();
        int height = imp.getHeight();
        return new PlaneStack(width, height, kind == ArrayPlane.Kind.RGB ? 3 : channels, slices * imp.getNFrames(), p -> {
            int z = p % slices + 1;
            int t = p / slices + 1;
            Object[] arrays = new Object[channels];
            for (int c = 0; c < channels; c++) arrays[c] = stack.getPixels(imp.getStackIndex(c + 1, z, t));
            return ArrayPlane.of(kind, width, height, arrays);
        });
    }

    /** Views the image as an ImgLib2 image with axes {@link #AXES}, without copying pixels. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T extends RealType<T>> RandomAccessibleInterval<T> wrap(ImagePlus imp) {
        ArrayPlane.Kind kind = kindOf(imp);
        ImageStack stack = imp.getStack();
        long[] dims = {imp.getWidth(), imp.getHeight(), imp.getNChannels(), imp.getNSlices(), imp.getNFrames()};
        int n = stack.getSize();
        switch (kind) {
            case UINT8: {
                List<ByteArray> planes = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) planes.add(new ByteArray((byte[]) stack.getPixels(i)));
                PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(planes, dims, new Fraction());
                img.setLinkedType(new UnsignedByteType(img));
                return (RandomAccessibleInterval) img;
            }
            case UINT16: {
                List<ShortArray> planes = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) planes.add(new ShortArray((short[]) stack.getPixels(i)));
                PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(planes, dims, new Fraction());
                img.setLinkedType(new UnsignedShortType(img));
                return (RandomAccessibleInterval) img;
            }
            case FLOAT32: {
                List<FloatArray> planes = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) planes.add(new FloatArray((float[]) stack.getPixels(i)));
                PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(planes, dims, new Fraction());
                img.setLinkedType(new FloatType(img));
                return (RandomAccessibleInterval) img;
            }
            case RGB: {
                List<IntArray> planes = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) planes.add(new IntArray((int[]) stack.getPixels(i)));
                long[] colourDims = {dims[0], dims[1], dims[3], dims[4]};
                PlanarImg<ARGBType, IntArray> img = new PlanarImg<>(planes, colourDims, new Fraction());
                img.setLinkedType(new ARGBType(img));
                RandomAccessibleInterval<UnsignedByteType> rgbLast = Converters.argbChannels(img, 1, 2, 3);
                return (RandomAccessibleInterval) Views.moveAxis(rgbLast, 4, 2);
            }
            default:
                throw new AssertionError(kind);
        }
    }

    static ArrayPlane.Kind kindOf(ImagePlus imp) {
        switch (imp.getType()) {
            case ImagePlus.GRAY8: case ImagePlus.COLOR_256: return ArrayPlane.Kind.UINT8;
            case ImagePlus.GRAY16: return ArrayPlane.Kind.UINT16;
            case ImagePlus.GRAY32: return ArrayPlane.Kind.FLOAT32;
            case ImagePlus.COLOR_RGB: return ArrayPlane.Kind.RGB;
            default: throw new InvalidInputException("Unsupported ImageJ image type " + imp.getType() + " for \"" + imp.getTitle() + "\".");
        }
    }
}
