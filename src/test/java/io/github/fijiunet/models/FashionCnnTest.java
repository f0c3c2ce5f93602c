package io.github.fijiunet.models;

import ij.IJ;
import ij.ImagePlus;
import io.github.fijiunet.Progress;
import io.github.fijiunet.TestModels;
import io.github.fijiunet.eval.ConfusionMatrix;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.predict.Classification;
import io.github.fijiunet.predict.ClassificationOptions;
import io.github.fijiunet.predict.ImageClassifier;
import io.github.fijiunet.predict.Temperature;
import io.github.fijiunet.tensor.ImagePlusImgs;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped fashion-cnn classifies the first 200 Fashion-MNIST test images (never seen in
 * training) through the Classify command's core; accuracy from the project's confusion matrix.
 */
class FashionCnnTest {

    @Test
    void classifiesFashionMnistTestImagesAboveTarget() throws Exception {
        Path dir = Path.of("test-images", "fashion-mnist");
        ImagePlus stack = IJ.openImage(dir.resolve("t10k-first200.tif").toString());
        List<String> lines = Files.readAllLines(dir.resolve("labels.csv"));
        PlaneStack planes = ImagePlusImgs.planes(stack);
        assertEquals(lines.size() - 1, planes.planeCount());
        try (LoadedModel model = LoadedModel.load(ModelCatalog.standard().resolve("fashion-cnn"), RuntimeOptions.DEFAULT)) {
            ImageClassifier classifier = new ImageClassifier(model, ClassificationOptions.defaults());
            List<PlaneSource> images = new ArrayList<>();
            for (int p = 0; p < planes.planeCount(); p++) images.add(planes.plane(p));
            List<Classification> results = classifier.classifyAll(images, Progress.NONE);
            ConfusionMatrix confusion = new ConfusionMatrix(classifier.classNames().size());
            for (int i = 0; i < results.size(); i++) {
                int truth = Integer.parseInt(lines.get(i + 1).split(",")[1]);
                confusion.add(truth, results.get(i).classIndex());
                assertEquals(classifier.classNames().get(results.get(i).classIndex()), results.get(i).className());
            }
            System.out.printf("fashion-cnn on %d test images: accuracy %.3f%n", results.size(), confusion.accuracy());
            assertTrue(confusion.accuracy() >= 0.90, "accuracy " + confusion.accuracy() + " below the 0.90 target");
        }
    }

    /** The descriptor's temperature rescales every probability the classifier reports; the classes stay. */
    @Test
    void theDescriptorsTemperatureCalibratesTheProbabilities(@TempDir Path tmp) throws Exception {
        PlaneStack planes = ImagePlusImgs.planes(IJ.openImage(Path.of("test-images", "fashion-mnist", "t10k-first200.tif").toString()));
        List<PlaneSource> images = new ArrayList<>();
        for (int p = 0; p < 40; p++) images.add(planes.plane(p));
        List<Classification> raw = classifyWithTemperature(tmp.resolve("t1"), 1, images);
        List<Classification> softer = classifyWithTemperature(tmp.resolve("t3"), 3, images);
        for (int i = 0; i < images.size(); i++) {
            float[] expected = raw.get(i).probabilities();
            Temperature.apply(expected, 0, expected.length, 3);
            assertArrayEquals(expected, softer.get(i).probabilities(), 1e-6f);
            assertEquals(raw.get(i).classIndex(), softer.get(i).classIndex());
            assertTrue(softer.get(i).probability() < raw.get(i).probability());
        }
    }

    /** With tta, each image's probabilities are the mean of the image's and its mirror image's (the model's one symmetry). */
    @Test
    void testTimeAugmentationAveragesOverTheSymmetriesTheModelIgnores(@TempDir Path tmp) throws Exception {
        ImagePlus stack = IJ.openImage(Path.of("test-images", "fashion-mnist", "t10k-first200.tif").toString());
        List<PlaneSource> images = new ArrayList<>();
        List<PlaneSource> mirrored = new ArrayList<>();
        for (int p = 1; p <= 30; p++) {
            images.add(ImagePlusImgs.planes(new ImagePlus("", stack.getStack().getProcessor(p).duplicate())).plane(0));
            ij.process.ImageProcessor flipped = stack.getStack().getProcessor(p).duplicate();
            flipped.flipHorizontal();
            mirrored.add(ImagePlusImgs.planes(new ImagePlus("", flipped)).plane(0));
        }
        Path copy = TestModels.copyOfShipped("fashion-cnn", tmp);
        ModelDescriptor.read(copy).temperature(1).symmetries(List.of(ModelDescriptor.HORIZONTAL_FLIP)).replace(copy);
        try (LoadedModel model = LoadedModel.load(copy, RuntimeOptions.DEFAULT)) {
            List<Classification> plain = new ImageClassifier(model, ClassificationOptions.defaults()).classifyAll(images, Progress.NONE);
            List<Classification> flipped = new ImageClassifier(model, ClassificationOptions.defaults()).classifyAll(mirrored, Progress.NONE);
            List<Classification> averaged = new ImageClassifier(model, ClassificationOptions.builder().testTimeAugmentation(true).build())
                    .classifyAll(images, Progress.NONE);
            for (int i = 0; i < images.size(); i++) {
                float[] a = plain.get(i).probabilities();
                float[] b = flipped.get(i).probabilities();
                float[] mean = new float[a.length];
                for (int c = 0; c < a.length; c++) mean[c] = (a[c] + b[c]) / 2;
                assertArrayEquals(mean, averaged.get(i).probabilities(), 1e-6f, "image " + i);
            }
        }
        ModelDescriptor.read(copy).symmetries(List.of()).replace(copy);
        try (LoadedModel model = LoadedModel.load(copy, RuntimeOptions.DEFAULT)) {
            String message = org.junit.jupiter.api.Assertions.assertThrows(io.github.fijiunet.InvalidInputException.class,
                    () -> new ImageClassifier(model, ClassificationOptions.builder().testTimeAugmentation(true).build())).getMessage();
            assertTrue(message.contains("records no flips or rotations it was trained to ignore") && message.contains("Leave tta off"), message);
        }
    }

    private static List<Classification> classifyWithTemperature(Path dir, double temperature, List<PlaneSource> images) throws Exception {
        Path copy = TestModels.copyOfShipped("fashion-cnn", dir);
        ModelDescriptor.read(copy).temperature(temperature).replace(copy);
        try (LoadedModel model = LoadedModel.load(copy, RuntimeOptions.DEFAULT)) {
            return new ImageClassifier(model, ClassificationOptions.defaults()).classifyAll(images, Progress.NONE);
        }
    }
}
