package io.github.fijiunet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.post.LabelPlane;
import org.junit.jupiter.api.Test;

class PixelMetricsTest {

    @Test
    void perClassIoUAndDice() {
        LabelPlane truth = LabelPlane.of(4, 2, new int[] {0, 0, 1, 1, 2, 2, 2, 0});
        LabelPlane pred = LabelPlane.of(4, 2, new int[] {0, 1, 1, 1, 2, 2, 0, 0});
        ClassOverlap[] c = PixelMetrics.perClass(truth, pred, 4);
        // class 0: truth {0,1,7}, pred {0,6,7}: intersection 2, union 4
        assertEquals(0.5, c[0].iou(), 1e-12);
        assertEquals(2.0 * 2 / 6, c[0].dice(), 1e-12);
        // class 1: truth {2,3}, pred {1,2,3}
        assertEquals(2.0 / 3, c[1].iou(), 1e-12);
        assertEquals(0.8, c[1].dice(), 1e-12);
        // class 2: truth {4,5,6}, pred {4,5}
        assertEquals(2.0 / 3, c[2].iou(), 1e-12);
        assertEquals(1.0, c[3].iou(), "a class in neither image agrees perfectly");
        assertThrows(InvalidInputException.class, () -> PixelMetrics.perClass(truth, pred, 2));
    }

    @Test
    void confusionMatrixAndAccuracy() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 1, 1, 1, 2, 0}, 3);
        assertEquals(1, m.count(0, 1));
        assertEquals(2, m.count(1, 1));
        assertEquals(1, m.count(2, 0));
        assertEquals(6, m.total());
        assertEquals(4.0 / 6, m.accuracy(), 1e-12);
        assertEquals(4, m.correct());
        assertEquals(2, m.samples(0));
        assertEquals(0.5, m.classAccuracy(0), 1e-12);
        assertEquals(1.0, m.classAccuracy(1), 1e-12);
        assertEquals(Double.NaN, new ConfusionMatrix(2).classAccuracy(1));
        assertEquals(Double.NaN, new ConfusionMatrix(2).accuracy());
        assertThrows(InvalidInputException.class, () -> m.add(3, 0));
    }
}
