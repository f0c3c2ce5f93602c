package io.github.fijiunet.engine.tf.train;

import io.github.fijiunet.eval.ConfusionMatrix;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.predict.Temperature;
import io.github.fijiunet.train.Batch;
import io.github.fijiunet.train.Dataset;
import io.github.fijiunet.train.Metrics;
import io.github.fijiunet.train.SegmentationDataset;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Evaluates an exported model folder through its serving signature, as the runtime will call it:
 * classification on batches of images, segmentation on whole images (mirror-padded to the tile
 * multiple, predictions cropped back).
 */
public final class Evaluator {

    private Evaluator() {}

    /** Metrics of a segmentation model on whole images; a classifier's as the network gives its probabilities. */
    public static Metrics evaluate(Path modelDir, Dataset data, int tileMultiple, ConfigProto config) {
        if (data.task() == Task.CLASSIFICATION) return classify(modelDir, data, config).metrics(1);
        Metrics metrics = new Metrics(data.task(), data.targetChannels());
        try (SavedModelBundle bundle = SavedModelBundle.loader(modelDir.toString()).withTags("serve").withConfigProto(config).load()) {
            SessionFunction function = bundle.function(ModelExporter.SIGNATURE);
            SegmentationDataset segmentation = (SegmentationDataset) data;
            for (SegmentationDataset.Sample s : segmentation.samples()) evaluateImage(function, s, tileMultiple, data.targetChannels(), metrics);
        }
        return metrics;
    }

    /** A classifier's probabilities and one-hot targets on a data set, [count, classes] each, predicted once. */
    public static final class ClassifierOutputs {
        private final float[] probabilities;
        private final float[] targets;
        private final int classes;

        private ClassifierOutputs(float[] probabilities, float[] targets, int classes) {
            this.probabilities = probabilities;
            this.targets = targets;
            this.classes = classes;
        }

        /** The temperature that calibrates these probabilities, with the log-loss before and after. */
        public Temperature.Fit calibrate() {
            int[] labels = new int[targets.length / classes];
            for (int i = 0; i < labels.length; i++) {
                for (int c = 1; c < classes; c++) if (targets[i * classes + c] > targets[i * classes + labels[i]]) labels[i] = c;
            }
            return Temperature.calibrate(probabilities, labels, classes);
        }

        /** Metrics of the probabilities rescaled to {@code temperature} (1: as the network gives them). */
        public Metrics metrics(double temperature) {
            float[] scaled = probabilities.clone();
            for (int i = 0; i < scaled.length; i += classes) Temperature.apply(scaled, i, classes, temperature);
            Metrics metrics = new Metrics(Task.CLASSIFICATION, classes);
            metrics.add(scaled, targets, targets.length / classes);
            return metrics;
        }
    }

    /** Runs a classifier over {@code data} in batches of 500. */
    public static ClassifierOutputs classify(Path modelDir, Dataset data, ConfigProto config) {
        int classes = data.targetChannels();
        float[] probabilities = new float[Math.multiplyExact(data.size(), classes)];
        float[] targets = new float[probabilities.length];
        try (SavedModelBundle bundle = SavedModelBundle.loader(modelDir.toString()).withTags("serve").withConfigProto(config).load()) {
            SessionFunction function = bundle.function(ModelExporter.SIGNATURE);
            int at = 0;
            for (Batch b : data.evaluationBatches(500, 0, 0)) {
                int values = b.size() * classes;
                System.arraycopy(predict(function, b.inputs, b.inputShape, values), 0, probabilities, at, values);
                System.arraycopy(b.targets, 0, targets, at, values);
                at += values;
            }
        }
        return new ClassifierOutputs(probabilities, targets, classes);
    }

    private static void evaluateImage(SessionFunction function, SegmentationDataset.Sample s, int multiple, int channels, Metrics metrics) {
        int height = (s.height + multiple - 1) / multiple * multiple;
        int width = (s.width + multiple - 1) / multiple * multiple;
        float[] padded = new float[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                padded[y * width + x] = s.image[SegmentationDataset.reflect(y, s.height) * s.width + SegmentationDataset.reflect(x, s.width)];
            }
        }
        float[] probabilities = predict(function, padded, new long[] {1, height, width, 1}, height * width * channels);
        float[] cropped = new float[s.width * s.height * channels];
        float[] targets = new float[cropped.length];
        for (int y = 0; y < s.height; y++) {
            System.arraycopy(probabilities, y * width * channels, cropped, y * s.width * channels, s.width * channels);
            for (int x = 0; x < s.width; x++) {
                int cls = s.classes[y * s.width + x];
                int i = y * s.width + x;
                if (channels == 1) targets[i] = cls;
                else targets[i * channels + cls] = 1f;
            }
        }
        metrics.add(cropped, targets, s.width * s.height);
    }

    private static float[] predict(SessionFunction function, float[] inputs, long[] shape, int outputSize) {
        float[] out = new float[outputSize];
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(inputs, true, false));
             Result result = function.call(Map.of(ModelExporter.INPUT, in))) {
            TFloat32 probabilities = (TFloat32) result.get(ModelExporter.OUTPUT).orElseThrow();
            probabilities.copyTo(DataBuffers.of(out, false, false));
        }
        return out;
    }

    /** The confusion matrix of {@code metrics} as a Markdown table with class names. */
    static String confusionTable(Metrics metrics, List<String> classNames) {
        ConfusionMatrix c = metrics.confusionMatrix();
        StringBuilder sb = new StringBuilder("| true \\ predicted |");
        for (String name : classNames) sb.append(' ').append(name).append(" |");
        sb.append("\n|---|");
        for (int i = 0; i < classNames.size(); i++) sb.append("---:|");
        sb.append('\n');
        for (int t = 0; t < c.classCount(); t++) {
            sb.append("| ").append(classNames.get(t)).append(" |");
            for (int p = 0; p < c.classCount(); p++) sb.append(' ').append(c.count(t, p)).append(" |");
            sb.append('\n');
        }
        return sb.toString();
    }
}
