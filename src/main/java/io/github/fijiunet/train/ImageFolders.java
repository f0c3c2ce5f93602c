package io.github.fijiunet.train;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.github.fijiunet.io.ImageFiles;
import io.github.fijiunet.io.LabelFiles;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads segmentation training data from two folders holding files of the same names: grey images
 * in {@code images/} and masks in {@code masks/} (TIFF or PNG; masks are instance labels or binary).
 */
public final class ImageFolders {

    private ImageFolders() {}

    public static SegmentationDataset read(Path imagesDir, Path masksDir, Task task, Normalization normalization) {
        List<Path> images = listImages(imagesDir);
        List<SegmentationDataset.Sample> samples = new ArrayList<>();
        for (Path image : images) {
            Path mask = masksDir.resolve(image.getFileName().toString());
            if (!Files.isRegularFile(mask)) {
                throw new TrainingDataException("The image " + image + " has no mask " + mask
                        + ". Give every image a mask of the same file name in the masks folder.");
            }
            ImageProcessor ip = open(image);
            ImagePlus maskImage = ImageFiles.open(mask);
            ImageProcessor mp = maskImage.getProcessor();
            if (ip.getWidth() != mp.getWidth() || ip.getHeight() != mp.getHeight()) {
                throw new TrainingDataException("The image " + image + " is " + ip.getWidth() + "×" + ip.getHeight()
                        + " but its mask is " + mp.getWidth() + "×" + mp.getHeight() + ". Image and mask must be the same size.");
            }
            int n = ip.getPixelCount();
            float[] raw = new float[n];
            for (int i = 0; i < n; i++) raw[i] = ip.getf(i);
            // Exact labels (signed 16-bit offset, float IDs); an RGB mask (binary masks are often saved so) counts by its grey value.
            int[] labels = LabelFiles.labels(maskImage, maskImage.getType() == ImagePlus.COLOR_RGB ? mp.convertToFloat() : mp, mask);
            samples.add(SegmentationDataset.sample(image.getFileName().toString(), ip.getWidth(), ip.getHeight(), raw, labels, task, normalization));
        }
        return new SegmentationDataset(task, samples, imagesDir.toString());
    }

    /** The {@link ImageFiles#TRAINING_EXTENSIONS} files of a folder, sorted by name. */
    public static List<Path> listImages(Path dir) {
        if (!Files.isDirectory(dir)) throw new TrainingDataException("The folder " + dir + " does not exist.");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> images = files.filter(p -> ImageFiles.hasExtension(p, ImageFiles.TRAINING_EXTENSIONS)).sorted().collect(Collectors.toList());
            if (images.isEmpty()) {
                throw new TrainingDataException("The folder " + dir + " holds no " + ImageFiles.describe(ImageFiles.TRAINING_EXTENSIONS) + " images.");
            }
            return images;
        } catch (IOException e) {
            throw new TrainingDataException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The first plane of an image file; colour images are converted to grey. */
    public static ImageProcessor open(Path file) {
        ImagePlus imp = ImageFiles.open(file);
        ImageProcessor ip = imp.getProcessor();
        return imp.getType() == ImagePlus.COLOR_RGB ? ip.convertToFloat() : ip;
    }
}
