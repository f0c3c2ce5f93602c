package io.github.fijiunet.predict;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.ModelLoadException;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneStack;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Names what an image or object shows with a classification model (fixed {@code inputSize},
 * one probability per class, e.g. the LeNet-5-style Fashion-MNIST CNN). Each sample is resized
 * to the model's input ({@link Resampler}), normalised on its own as the descriptor says (as the
 * trainer did), and run in batches of {@link ClassificationOptions#batchSize()}; the probabilities
 * are calibrated by the descriptor's temperature. Thread-safe.
 */
public final class ImageClassifier {

    private final LoadedModel model;
    private final ClassificationOptions options;
    private final int inputWidth;
    private final int inputHeight;
    private final int channels;
    private final CropSampler sampler;
    private final List<String> classNames;
    /** Codes of the {@link Symmetry symmetries} each batch is run in: the identity, and with tta those the model ignores. */
    private final int[] symmetries;

    public ImageClassifier(LoadedModel model, ClassificationOptions options) {
        ModelDescriptor descriptor = model.descriptor();
        if (descriptor.task() != Task.CLASSIFICATION) {
            throw new InvalidInputException("The model \"" + descriptor.name() + "\" is a " + descriptor.task().name().toLowerCase()
                    + " segmentation model: it outlines objects, it does not name them. Pick a classification model (e.g. fashion-cnn) "
                    + "to classify, or segment with this one.");
        }
        int[] size = descriptor.inputSize();
        if (size == null) {
            throw new ModelLoadException("The classification model \"" + descriptor.name() + "\" has no \"inputSize\" [height, width] in its "
                    + ModelDescriptor.FILE_NAME + ". Add the image size the network was trained on, e.g. [28, 28].");
        }
        this.model = model;
        this.options = options;
        this.inputHeight = size[0];
        this.inputWidth = size[1];
        this.channels = descriptor.input().channels();
        this.sampler = new CropSampler(inputWidth, inputHeight, descriptor.normalization(), options);
        this.classNames = classNames(descriptor);
        this.symmetries = options.testTimeAugmentation() ? Symmetry.group(descriptor.symmetries()) : new int[] {0};
        if (options.testTimeAugmentation() && symmetries.length == 1) {
            throw new InvalidInputException("The model \"" + descriptor.name() + "\" records no flips or rotations it was trained to ignore "
                    + "(\"symmetries\" in its " + ModelDescriptor.FILE_NAME + "), so test-time augmentation has nothing to average over. "
                    + "Leave tta off, or add e.g. \"symmetries\": [\"" + ModelDescriptor.HORIZONTAL_FLIP + "\"] if it was trained with mirror images.");
        }
    }

    private static List<String> classNames(ModelDescriptor descriptor) {
        int count = descriptor.output().channels();
        if (descriptor.classes().size() == count) return descriptor.classes();
        List<String> names = new ArrayList<>(count);
        for (int c = 0; c < count; c++) names.add("class " + c);
        return List.copyOf(names);
    }

    public LoadedModel model() {
        return model;
    }

    /** The network's input edge in pixels (height, width), to which every crop is resized. */
    public int[] inputSize() {
        return new int[] {inputHeight, inputWidth};
    }

    /** The model's classes, in output order. */
    public List<String> classNames() {
        return classNames;
    }

    /** Classifies a whole plane, resized to the model's input. */
    public Classification classify(PlaneSource plane) {
        return classifyAll(List.of(plane), Progress.NONE).get(0);
    }

    /** Classifies whole planes (images, stack planes, dataset samples), in order. */
    public List<Classification> classifyAll(List<? extends PlaneSource> planes, Progress progress) {
        for (PlaneSource plane : planes) checkChannels(plane.channels());
        return classifyPatches(planes.size(), i -> Patch.of(planes.get(i)), progress);
    }

    /**
     * Classifies objects of {@code image}: each region's box grown by the margin (and to a square
     * if asked), pixels outside the object's mask or the image set to background. Results follow
     * the order of {@code regions}.
     */
    public List<Classification> classifyCrops(PlaneStack image, List<CropRegion> regions, Progress progress) {
        checkChannels(image.channels());
        for (CropRegion region : regions) CropSampler.requireOnImage(image, region); // before any work
        return classifyPatches(regions.size(), i -> sampler.crop(image, regions.get(i)), progress);
    }

    private void checkChannels(int imageChannels) {
        if (imageChannels != channels) {
            throw new InvalidInputException("The model \"" + model.descriptor().name() + "\" classifies images with " + channels
                    + " channel(s); this one has " + imageChannels + ". "
                    + (channels == 1 ? "Convert it to 8-bit grey (Image > Type > 8-bit) or split the channels and pick one."
                    : "Pick an image with " + channels + " channels."));
        }
    }

    private List<Classification> classifyPatches(int count, IntFunction<Patch> patchOf, Progress progress) {
        List<Classification> results = new ArrayList<>(count);
        long sampleFloats = sampler.sampleFloats(channels);
        for (int start = 0; start < count; start += options.batchSize()) {
            progress.checkCancelled();
            int n = Math.min(options.batchSize(), count - start);
            float[] batch = new float[Math.toIntExact(n * sampleFloats)];
            for (int i = 0; i < n; i++) sampler.write(patchOf.apply(start + i), batch, (int) (i * sampleFloats));
            results.addAll(read(predict(batch, n), n));
            progress.update(start + n, count, "classified " + (start + n) + "/" + count);
        }
        return results;
    }

    /** The network's probabilities for {@code n} samples, averaged over {@link #symmetries}. */
    private float[] predict(float[] batch, int n) {
        float[] sum = model.runBatch(batch, n, inputHeight, inputWidth, channels);
        if (symmetries.length == 1) return sum;
        float[] transformed = new float[batch.length];
        int sampleFloats = batch.length / n;
        for (int k = 1; k < symmetries.length; k++) {
            Symmetry s = new Symmetry(symmetries[k], inputWidth, inputHeight);
            for (int i = 0; i < n; i++) s.apply(batch, i * sampleFloats, transformed, i * sampleFloats, inputWidth, inputHeight, channels);
            float[] more = model.runBatch(transformed, n, s.height, s.width, channels);
            if (more.length != sum.length) return more; // read() names the model's mistake
            for (int i = 0; i < sum.length; i++) sum[i] += more[i];
        }
        for (int i = 0; i < sum.length; i++) sum[i] /= symmetries.length;
        return sum;
    }

    private List<Classification> read(float[] all, int n) {
        if (all.length != (long) n * classNames.size()) {
            throw new ModelLoadException("The model \"" + model.descriptor().name() + "\" returned " + all.length + " values for " + n
                    + " samples, not one probability per class (" + classNames.size() + "). Fix \"output.channels\" in "
                    + ModelDescriptor.FILE_NAME + " or re-export the model.");
        }
        List<Classification> results = new ArrayList<>(n);
        int k = classNames.size();
        double temperature = model.descriptor().temperature();
        for (int i = 0; i < n; i++) {
            float[] probabilities = new float[k];
            System.arraycopy(all, i * k, probabilities, 0, k);
            Temperature.apply(probabilities, 0, k, temperature);
            int best = 0;
            for (int c = 1; c < k; c++) if (probabilities[c] > probabilities[best]) best = c;
            results.add(new Classification(best, classNames.get(best), probabilities));
        }
        return results;
    }
}
