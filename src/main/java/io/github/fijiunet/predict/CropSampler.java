package io.github.fijiunet.predict;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.tensor.Normalizer;
import io.github.fijiunet.tensor.PlaneStack;
import io.github.fijiunet.tensor.WindowCopy;

/**
 * Samples as a classifier sees them: a patch (a whole plane, or an object's box grown by the
 * margin, square if asked, outside the object set to background) resized to the network's input
 * and normalised on its own. Classification ({@link ImageClassifier}) and training an object
 * classifier from ROIs both use it, so a trained model sees at run time exactly what it learnt on.
 */
public final class CropSampler {

    private final int width;
    private final int height;
    private final Normalization normalization;
    private final int margin;
    private final boolean squareCrops;

    public CropSampler(int width, int height, Normalization normalization, ClassificationOptions options) {
        this.width = width;
        this.height = height;
        this.normalization = normalization;
        this.margin = options.margin();
        this.squareCrops = options.squareCrops();
    }

    /** Floats one sample takes: height × width × channels. */
    public int sampleFloats(int channels) {
        return width * height * channels;
    }

    /** The object's crop from its plane of {@code image}. */
    public Patch crop(PlaneStack image, CropRegion region) {
        requireOnImage(image, region);
        return Patch.crop(image.plane(region.plane()), region, margin, squareCrops);
    }

    static void requireOnImage(PlaneStack image, CropRegion region) {
        if (region.plane() >= image.planeCount()) {
            throw new InvalidInputException("An object lies on plane " + (region.plane() + 1) + " but the image has only "
                    + image.planeCount() + " plane(s). Use the objects (ROIs) of this image.");
        }
    }

    /** Writes {@code patch} resized and normalised, NHWC, into {@code out} from {@code offset}. */
    public void write(Patch patch, float[] out, int offset) {
        ArrayPlane sample = patch.resized(width, height).asPlane();
        WindowCopy.readNhwc(sample, Normalizer.compute(sample, normalization), 0, 0, width, height, out, offset);
    }

    /** One object's sample as a new array. */
    public float[] sample(PlaneStack image, CropRegion region) {
        float[] out = new float[sampleFloats(image.channels())];
        write(crop(image, region), out, 0);
        return out;
    }
}
