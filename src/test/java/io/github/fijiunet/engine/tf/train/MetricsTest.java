package io.github.fijiunet.engine.tf.train;

import io.github.fijiunet.train.Metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fijiunet.model.Task;
import org.junit.jupiter.api.Test;

import java.util.List;

class MetricsTest {

    @Test
    void classificationAccuracyAndTheModelCardsConfusionTable() {
        Metrics metrics = new Metrics(Task.CLASSIFICATION, 2);
        assertEquals(0.0, metrics.values().get("accuracy"), "no predictions yet");
        // Three images: a (truth 0, predicted 0), b (truth 1, predicted 0), c (truth 1, predicted 1).
        metrics.add(new float[] {0.9f, 0.1f, 0.6f, 0.4f, 0.2f, 0.8f}, new float[] {1, 0, 0, 1, 0, 1}, 3);
        assertEquals(2.0 / 3, metrics.values().get("accuracy"), 1e-12);
        assertEquals(0.8, metrics.values().get(Metrics.MEDIAN_CONFIDENCE), 1e-3, "top probabilities 0.9, 0.6, 0.8");
        assertEquals("| true \\ predicted | a | b |\n|---|---:|---:|\n| a | 1 | 0 |\n| b | 1 | 1 |\n",
                Evaluator.confusionTable(metrics, List.of("a", "b")));
    }
}
