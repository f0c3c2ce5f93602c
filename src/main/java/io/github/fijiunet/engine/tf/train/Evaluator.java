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

    /** Metrics of the model; a classifier's probabilities rescaled to {@code temperature} first (1: as the network gives them). */
    public static Metrics evaluate(Path modelDir, Dataset data, int tileMultiple, ConfigProto config, double temperature) {
        Metrics metrics = new Metrics(data.task(), data.targetChannels());
        try (SavedModelBundle bundle = SavedModelBundle.loader(modelDir.toString()).withTags("serve").withConfigProto(config).load()) {
            SessionFunction function = bundle.function(ModelExporter.SIGNATURE);
            if (data.task() == Task.CLASSIFICATION) {
                int classes = data.targetChannels();
                classify(function, data, (b, probabilities) -> {
                    for (int i = 0; i < b.size(); i++) Temperature.apply(probabilities, i * classes, classes, temperature);
                    metrics.add(probabilities, b.targets, b.size());
                });
            } else {
                SegmentationDataset segmentation = (SegmentationDataset) data;
                for (SegmentationDataset.Sample s : segmentation.samples()) evaluateImage(function, s, tileMultiple, data.targetChannels(), metrics);
            }
        }
        return metrics;
    }

    /** The temperature that calibrates a classifier on {@code data} (its validation set), with the NLL before and after. */
    public static Temperature.Fit calibrate(Path modelDir, Dataset data, ConfigProto config) {
        int classes = data.targetChannels();
        List<float[]> outputs = new java.util.ArrayList<>();
        List<int[]> truths = new java.util.ArrayList<>();
        try (SavedModelBundle bundle = SavedModelBundle.loader(modelDir.toString()).withTags("serve").withConfigProto(config).load()) {
            classify(bundle.function(ModelExporter.SIGNATURE), data, (b, probabilities) -> {
                int[] labels = new int[b.size()];
                for (int i = 0; i < labels.length; i++) {
                    for (int c = 1; c < classes; c++) if (b.targets[i * classes + c] > b.targets[i * classes + labels[i]]) labels[i] = c;
                }
                outputs.add(probabilities);
                truths.add(labels);
            });
        }
        float[] probabilities = new float[outputs.stream().mapToInt(o -> o.length).sum()];
        int[] labels = new int[truths.stream().mapToInt(t -> t.length).sum()];
        for (int i = 0, p = 0, l = 0; i < outputs.size(); p += outputs.get(i).length, l += truths.get(i).length, i++) {
            System.arraycopy(outputs.get(i), 0, probabilities, p, outputs.get(i).length);
            System.arraycopy(truths.get(i), 0, labels, l, truths.get(i).length);
        }
        return Temperature.calibrate(probabilities, labels, classes);
    }

    private static void classify(SessionFunction function, Dataset data, java.util.function.BiConsumer<Batch, float[]> sink) {
        for (Batch b : data.evaluationBatches(500, 0, 0)) {
            sink.accept(b, predict(function, b.inputs, b.inputShape, (int) (b.size() * b.targetShape[1])));
        }
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
