package io.github.fijiunet.train;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.BufferedInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/** Fixed-size grey images with one class each, e.g. MNIST / Fashion-MNIST IDX files. */
public final class ClassificationDataset implements Dataset {

    /** Fashion-MNIST's classes in label order. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private final int width;
    private final int height;
    private final float[][] images;
    private final int[] labels;
    private final List<String> classNames;
    private final String source;

    /** @param images normalised images, row-major {@code width × height} each */
    public ClassificationDataset(int width, int height, float[][] images, int[] labels, List<String> classNames, String source) {
        if (images.length != labels.length) throw new InvalidInputException("Got " + images.length + " images but " + labels.length + " labels.");
        for (int label : labels) {
            if (label < 0 || label >= classNames.size()) {
                throw new InvalidInputException("Label " + label + " is outside the " + classNames.size() + " class names.");
            }
        }
        this.width = width;
        this.height = height;
        this.images = images;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.source = source;
    }

    /**
     * Reads an IDX image file (magic 2051, unsigned bytes) and label file (magic 2049), gzip or
     * plain, and normalises each image with {@code normalization}. Class names default to
     * "0".."9"-style numbers when {@code classNames} is null.
     */
    public static ClassificationDataset readIdx(Path imagesFile, Path labelsFile, List<String> classNames, Normalization normalization) {
        try (DataInputStream in = open(imagesFile); DataInputStream labelIn = open(labelsFile)) {
            if (in.readInt() != 2051) throw new TrainingDataException(imagesFile + " is not an IDX image file (magic number 2051 expected).");
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (labelIn.readInt() != 2049) throw new TrainingDataException(labelsFile + " is not an IDX label file (magic number 2049 expected).");
            int labelCount = labelIn.readInt();
            if (labelCount != count) throw new TrainingDataException(imagesFile + " holds " + count + " images but " + labelsFile + " " + labelCount + " labels.");
            float[][] images = new float[count][];
            int[] labels = new int[count];
            byte[] buffer = new byte[rows * cols];
            int maxLabel = 0;
            for (int i = 0; i < count; i++) {
                in.readFully(buffer);
                float[] raw = new float[buffer.length];
                for (int p = 0; p < buffer.length; p++) raw[p] = buffer[p] & 0xff;
                images[i] = ImageNormalizer.normalize(raw, normalization);
                labels[i] = labelIn.readUnsignedByte();
                maxLabel = Math.max(maxLabel, labels[i]);
            }
            List<String> names = classNames;
            if (names == null) {
                names = new ArrayList<>();
                for (int c = 0; c <= maxLabel; c++) names.add(String.valueOf(c));
            }
            return new ClassificationDataset(cols, rows, images, labels, names, imagesFile.toString());
        } catch (IOException e) {
            throw new TrainingDataException("Cannot read the IDX files " + imagesFile + " and " + labelsFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads one sub-folder per class (sorted names = class names) of TIFF/PNG images, each resized
     * to {@code width × height} (averaging when shrinking) and normalised.
     */
    public static ClassificationDataset readFolders(Path root, int width, int height, Normalization normalization) {
        List<Path> classDirs;
        try (java.util.stream.Stream<Path> dirs = Files.list(root)) {
            classDirs = dirs.filter(Files::isDirectory).sorted().collect(java.util.stream.Collectors.toList());
        } catch (IOException e) {
            throw new TrainingDataException("Cannot list the class folders in " + root + ": " + e.getMessage(), e);
        }
        if (classDirs.size() < 2) throw new TrainingDataException(root + " must hold one sub-folder of images per class, at least two.");
        List<float[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            names.add(classDirs.get(c).getFileName().toString());
            for (Path file : ImageFolders.listImages(classDirs.get(c))) {
                ij.process.ImageProcessor ip = ImageFolders.open(file);
                ip.setInterpolationMethod(ij.process.ImageProcessor.BILINEAR);
                ij.process.ImageProcessor resized = ip.getWidth() == width && ip.getHeight() == height ? ip : ip.resize(width, height, true);
                float[] raw = new float[width * height];
                for (int i = 0; i < raw.length; i++) raw[i] = resized.getf(i);
                images.add(ImageNormalizer.normalize(raw, normalization));
                labels.add(c);
            }
        }
        return new ClassificationDataset(width, height, images.toArray(new float[0][]), labels.stream().mapToInt(Integer::intValue).toArray(),
                names, root.toString());
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new TrainingDataException("The IDX file " + file + " does not exist.");
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16)) : in);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Image {@code index} as stored: row-major {@code width × height}, normalised as read (a copy). */
    public float[] image(int index) {
        return images[index].clone();
    }

    public int[] labels() {
        return labels.clone();
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    public int targetChannels() {
        return classNames.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int size() {
        return images.length;
    }

    @Override
    public Batch randomBatch(Random random, int batchSize, int patchSize, Augmentation augmentation) {
        int[] chosen = new int[batchSize];
        boolean[] flip = new boolean[batchSize];
        for (int b = 0; b < batchSize; b++) {
            chosen[b] = random.nextInt(images.length);
            flip[b] = augmentation.horizontalFlips && random.nextBoolean();
        }
        return batch(chosen, flip);
    }

    private Batch batch(int[] indices, boolean[] flip) {
        int n = indices.length;
        int pixels = width * height;
        int classes = classNames.size();
        float[] inputs = new float[n * pixels];
        float[] targets = new float[n * classes];
        for (int b = 0; b < n; b++) {
            float[] image = images[indices[b]];
            if (flip[b]) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) inputs[b * pixels + y * width + x] = image[y * width + width - 1 - x];
                }
            } else {
                System.arraycopy(image, 0, inputs, b * pixels, pixels);
            }
            targets[b * classes + labels[indices[b]]] = 1f;
        }
        return new Batch(inputs, new long[] {n, height, width, 1}, targets, new long[] {n, classes});
    }

    @Override
    public List<Batch> evaluationBatches(int batchSize, int patchSize, long seed) {
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < images.length; start += batchSize) {
            int n = Math.min(batchSize, images.length - start);
            int[] indices = new int[n];
            for (int b = 0; b < n; b++) indices[b] = start + b;
            batches.add(batch(indices, new boolean[n]));
        }
        return batches;
    }

    @Override
    public ClassificationDataset subset(int[] indices, String label) {
        float[][] chosen = new float[indices.length][];
        int[] chosenLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            chosen[i] = images[indices[i]];
            chosenLabels[i] = labels[indices[i]];
        }
        return new ClassificationDataset(width, height, chosen, chosenLabels, classNames, source + " (" + label + ")");
    }

    @Override
    public String describe() {
        return images.length + " images " + width + "×" + height + ", " + classNames.size() + " classes, from " + source;
    }
}
