package io.github.fijiunet.models;

import ij.IJ;
import ij.ImagePlus;
import io.github.fijiunet.Progress;
import io.github.fijiunet.eval.ConfusionMatrix;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.predict.Classification;
import io.github.fijiunet.predict.ClassificationOptions;
import io.github.fijiunet.predict.ImageClassifier;
import io.github.fijiunet.tensor.ImagePlusImgs;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneStack;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
}
