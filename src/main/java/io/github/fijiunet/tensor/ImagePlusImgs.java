package io.github.fijiunet.tensor;

import ij.ImagePlus;
import ij.ImageStack;
import io.github.fijiunet.InvalidInputException;

/**
 * ImageJ 1.x images as plane stacks over the ImagePlus' own pixel arrays (no copy): planes in
 * Z, T order, each with all channels; an RGB image reads as three 8-bit channels R, G, B.
 */
public final class ImagePlusImgs {

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
