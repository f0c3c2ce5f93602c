package io.github.fijiunet.predict;

import io.github.fijiunet.Progress;
import io.github.fijiunet.TestModels;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.tensor.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** One loaded model shared by four threads gives exactly the sequential results. */
class ConcurrentPredictionTest {

    private static float[] predict(TiledPredictor predictor, ArrayPlane image) {
        int n = image.width() * image.height();
        float[] out = new float[2 * n];
        ArrayPlane target = ArrayPlane.of(ArrayPlane.Kind.FLOAT32, image.width(), image.height(), new Object[] {out, out}, new int[] {0, n});
        predictor.predictPlane(image, Normalizer.compute(image, Normalization.percentile(1, 99.8)), target, (d, t, m) -> {}, Progress.NONE);
        return out;
    }

    @Test
    void fourThreadsMatchSequential(@TempDir Path tmp) throws Exception {
        try (LoadedModel model = LoadedModel.load(TestModels.exportTinyUNet(tmp.resolve("m"), 1, 2), RuntimeOptions.DEFAULT)) {
            TiledPredictor predictor = new TiledPredictor(model, TilingOptions.tileSize(TilingOptions.MIN_TILE_SIZE));
            List<ArrayPlane> images = new ArrayList<>();
            List<float[]> expected = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ArrayPlane image = TiledPredictorTest.randomImage(110 + 7 * i, 70 + 5 * i, i);
                images.add(image);
                expected.add(predict(predictor, image));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (ArrayPlane image : images) results.add(pool.submit(() -> predict(predictor, image)));
                }
                for (int i = 0; i < results.size(); i++) {
                    assertArrayEquals(expected.get(i % images.size()), results.get(i).get(), "image " + (i % images.size()));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
