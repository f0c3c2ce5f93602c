package io.github.fijiunet.predict;

import ij.IJ;
import ij.ImagePlus;
import io.github.fijiunet.Progress;
import io.github.fijiunet.TestImages;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ImagePlusImgs;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneStack;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Real images at another size than the model's input: the shipped fashion-cnn on Fashion-MNIST
 * test images enlarged 3× (each pixel a 3×3 block). Area averaging brings every block back to its
 * pixel, so the answers must equal those for the 28×28 originals.
 */
class ResizedClassificationTest {

    private static final int SCALE = 3;

    @Test
    void enlargedImagesGetTheOriginalsAnswers() {
        ImagePlus stack = IJ.openImage(TestImages.FASHION_MNIST.toString());
        PlaneStack planes = ImagePlusImgs.planes(stack);
        int w = planes.width();
        int h = planes.height();
        List<PlaneSource> originals = new ArrayList<>();
        List<PlaneSource> enlarged = new ArrayList<>();
        float[] row = new float[w];
        for (int p = 0; p < planes.planeCount(); p++) {
            PlaneSource plane = planes.plane(p);
            originals.add(plane);
            float[] big = new float[w * SCALE * h * SCALE];
            for (int y = 0; y < h * SCALE; y++) {
                plane.readRow(0, y / SCALE, 0, w, row, 0, 1);
                for (int x = 0; x < w * SCALE; x++) big[y * w * SCALE + x] = row[x / SCALE];
            }
            enlarged.add(ArrayPlane.of(ArrayPlane.Kind.FLOAT32, w * SCALE, h * SCALE, big));
        }
        try (LoadedModel model = LoadedModel.load(ModelCatalog.standard().resolve("fashion-cnn"), RuntimeOptions.DEFAULT)) {
            ImageClassifier classifier = new ImageClassifier(model, ClassificationOptions.defaults());
            List<Classification> expected = classifier.classifyAll(originals, Progress.NONE);
            List<Classification> actual = classifier.classifyAll(enlarged, Progress.NONE);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).classIndex(), actual.get(i).classIndex(), "image " + i);
                assertArrayEquals(expected.get(i).probabilities(), actual.get(i).probabilities(), 1e-5f, "image " + i);
            }
        }
    }
}
