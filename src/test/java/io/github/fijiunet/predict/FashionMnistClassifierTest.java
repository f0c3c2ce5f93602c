package io.github.fijiunet.predict;

import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.train.ClassificationDataset;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The trained LeNet-5-style model (models/fashion-cnn, from the trainer) on real Fashion-MNIST
 * test images; runs where both the model and the shared dataset are present
 * (-Dfijiunet.models=DIR points at another models folder).
 */
class FashionMnistClassifierTest {

    private static final Path DATA = Path.of("/work/shared/datasets/fashion-mnist");
    private static final int SAMPLES = 200;

    @Test
    void classifiesTestImagesAsTrainedAlsoWhenEnlarged() {
        assumeTrue(ModelCatalog.standard().names().contains("fashion-cnn"), "models/fashion-cnn is not built");
        Path images = DATA.resolve("t10k-images-idx3-ubyte.gz");
        Path labels = DATA.resolve("t10k-labels-idx1-ubyte.gz");
        assumeTrue(Files.isRegularFile(images) && Files.isRegularFile(labels), "Fashion-MNIST test set not found in " + DATA);

        try (LoadedModel model = LoadedModel.load(ModelCatalog.standard().resolve("fashion-cnn"), RuntimeOptions.DEFAULT)) {
            ImageClassifier classifier = new ImageClassifier(model, ClassificationOptions.defaults());
            ClassificationDataset data = ClassificationDataset.readIdx(images, labels, classifier.classNames(), Normalization.NONE);
            int[] truth = data.labels();
            List<PlaneSource> native28 = new ArrayList<>();
            List<PlaneSource> enlarged = new ArrayList<>();
            for (int i = 0; i < SAMPLES; i++) {
                float[] pixels = data.image(i);
                native28.add(ArrayPlane.of(ArrayPlane.Kind.FLOAT32, 28, 28, pixels));
                // 3× nearest-neighbour enlargement: the classifier's area averaging must bring it back exactly.
                float[] big = new float[84 * 84];
                for (int y = 0; y < 84; y++) for (int x = 0; x < 84; x++) big[y * 84 + x] = pixels[(y / 3) * 28 + x / 3];
                enlarged.add(ArrayPlane.of(ArrayPlane.Kind.FLOAT32, 84, 84, big));
            }
            double accuracy = accuracy(classifier.classifyAll(native28, Progress.NONE), truth);
            double enlargedAccuracy = accuracy(classifier.classifyAll(enlarged, Progress.NONE), truth);
            assertTrue(accuracy >= 0.85, "accuracy " + accuracy + " on " + SAMPLES + " test images");
            assertTrue(Math.abs(enlargedAccuracy - accuracy) < 1e-9, "enlarged " + enlargedAccuracy + " vs " + accuracy);
        }
    }

    private static double accuracy(List<Classification> results, int[] truth) {
        int correct = 0;
        for (int i = 0; i < results.size(); i++) if (results.get(i).classIndex() == truth[i]) correct++;
        return (double) correct / results.size();
    }
}
