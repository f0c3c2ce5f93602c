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
        return planes(imp, 0);
    }

    /**
     * The planes with only channel {@code channel} (1-based) of a multi-channel image, or all
     * channels for 0. A channel the image does not have is an error naming the ones it has.
     */
    public static PlaneStack planes(ImagePlus imp, int channel) {
        ArrayPlane.Kind kind = kindOf(imp);
        int imageChannels = imp.getNChannels();
        if (channel > 0 && kind == ArrayPlane.Kind.RGB) {
            throw new InvalidInputException("\"" + imp.getTitle() + "\" is an RGB image: its colours are not channels to pick. Convert it "
                    + "(Image > Color > Make Composite), or use channel=0.");
        }
        if (channel > imageChannels) {
            throw new InvalidInputException("\"" + imp.getTitle() + "\" has " + imageChannels + " channel" + (imageChannels == 1 ? "" : "s")
                    + "; there is no channel " + channel + ". Give a channel from 1 to " + imageChannels + ", or 0 for all.");
        }
        int first = channel > 0 ? channel : 1;
        int channels = channel > 0 ? 1 : imageChannels;
        if (kind == ArrayPlane.Kind.RGB && imageChannels != 1) {
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
            for (int c = 0; c < channels; c++) arrays[c] = stack.getPixels(imp.getStackIndex(first + c, z, t));
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
