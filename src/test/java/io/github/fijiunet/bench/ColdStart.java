package io.github.fijiunet.bench;

import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.predict.TiledPredictor;
import io.github.fijiunet.predict.TilingOptions;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.Normalizer;
import org.tensorflow.TensorFlow;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * Cold start, run by {@link Bench} in a fresh JVM: milliseconds from JVM start to TensorFlow's
 * native library loaded, to the model loaded, to the first 512×512 prediction done.
 */
public final class ColdStart {

    private ColdStart() {}

    public static void main(String[] args) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        TensorFlow.version();
        long nativeLoaded = System.currentTimeMillis();
        try (LoadedModel model = LoadedModel.load(Path.of(args[0]), RuntimeOptions.DEFAULT)) {
            long modelLoaded = System.currentTimeMillis();
            ArrayPlane image = new SyntheticNuclei(512, 5).plane();
            int channels = model.descriptor().output().channels();
            Object[] arrays = new Object[channels];
            for (int c = 0; c < channels; c++) arrays[c] = new float[512 * 512];
            new TiledPredictor(model, TilingOptions.DEFAULT).predictPlane(image,
                    Normalizer.compute(image, model.descriptor().normalization()),
                    ArrayPlane.of(ArrayPlane.Kind.FLOAT32, 512, 512, arrays, new int[channels]), (d, t, m) -> {}, Progress.NONE);
            long predicted = System.currentTimeMillis();
            System.out.printf("cold  JVM start -> TensorFlow loaded %d ms -> model loaded %d ms -> first 512x512 prediction %d ms "
                    + "(total %d ms)%n", nativeLoaded - jvmStart, modelLoaded - nativeLoaded, predicted - modelLoaded, predicted - jvmStart);
        }
    }
}
