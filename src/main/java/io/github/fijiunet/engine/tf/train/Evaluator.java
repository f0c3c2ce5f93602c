package io.github.fijiunet.engine.tf.train;

import io.github.fijiunet.eval.ConfusionMatrix;
import io.github.fijiunet.model.Task;
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

    public static Metrics evaluate(Path modelDir, Dataset data, int tileMultiple, ConfigProto config) {
        Metrics metrics = new Metrics(data.task(), data.targetChannels());
        try (SavedModelBundle bundle = SavedModelBundle.loader(modelDir.toString()).withTags("serve").withConfigProto(config).load()) {
            SessionFunction function = bundle.function(ModelExporter.SIGNATURE);
            if (data.task() == Task.CLASSIFICATION) {
                for (Batch b : data.evaluationBatches(500, 0, 0)) {
                    float[] probabilities = predict(function, b.inputs, b.inputShape, (int) (b.size() * b.targetShape[1]));
                    metrics.add(probabilities, b.targets, b.size());
                }
            } else {
                SegmentationDataset segmentation = (SegmentationDataset) data;
                for (SegmentationDataset.Sample s : segmentation.samples()) evaluateImage(function, s, tileMultiple, data.targetChannels(), metrics);
            }
        }
        return metrics;
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
