package io.github.fijiunet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.Shapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InstanceMatchingTest {

    private static final int W = 20;
    private static final int H = 12;
    private static final double[] TAUS = InstanceMatching.STANDARD_THRESHOLDS;

    private static LabelPlane plane(int[] l) {
        return LabelPlane.of(W, H, l);
    }

    private static void assertCounts(MatchResult r, long tp, long fp, long fn) {
        assertEquals(tp, r.truePositives(), "TP at " + r.threshold());
        assertEquals(fp, r.falsePositives(), "FP at " + r.threshold());
        assertEquals(fn, r.falseNegatives(), "FN at " + r.threshold());
    }

    /** Nothing to find and nothing found is right: StarDist's 0 (and a NaN pixel IoU) would punish it. */
    @Test
    void emptyImagesScorePerfect() {
        MatchResult[] r = InstanceMatching.match(plane(new int[W * H]), plane(new int[W * H]), TAUS);
        for (MatchResult m : r) {
            assertCounts(m, 0, 0, 0);
            assertEquals(1, m.averagePrecision());
            assertEquals(1, m.precision());
            assertEquals(1, m.recall());
            assertEquals(1, m.f1());
        }
        assertEquals(1, InstanceMatching.meanAveragePrecision(r));
        assertEquals(1, PixelMetrics.foreground(plane(new int[W * H]), plane(new int[W * H])).iou());
        assertEquals(1, PixelMetrics.foreground(plane(new int[W * H]), plane(new int[W * H])).dice());
    }

    /** Tables were sized by the largest ID: 2^31-1 overflowed (NegativeArraySizeException), 2e9 ran out of memory. */
    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void hugeLabelIdsMatchWithoutHugeTables() {
        int[] t = new int[W * H];
        Shapes.rect(t, W, 0, 0, 4, 4, Integer.MAX_VALUE);
        Shapes.rect(t, W, 10, 0, 4, 4, 2_000_000_000);
        Shapes.rect(t, W, 10, 6, 4, 4, 7);
        int[] p = new int[W * H];
        Shapes.rect(p, W, 0, 0, 4, 4, 1_999_999_999);
        Shapes.rect(p, W, 10, 0, 4, 4, Integer.MAX_VALUE);
        MatchResult m = InstanceMatching.match(plane(t), plane(p), 0.5)[0];
        assertCounts(m, 2, 0, 1);
        ContingencyTable table = ContingencyTable.of(plane(t), plane(p));
        assertEquals(3, table.truthObjectCount());
        assertEquals(2, table.predictedObjectCount());
        assertEquals(32, table.foregroundOverlap());
    }

    @Test
    void predictionOnEmptyTruthIsAllFalsePositives() {
        int[] p = new int[W * H];
        Shapes.rect(p, W, 2, 2, 4, 4, 1);
        MatchResult m = InstanceMatching.match(plane(new int[W * H]), plane(p), 0.5)[0];
        assertCounts(m, 0, 1, 0);
        assertEquals(0, m.averagePrecision());
        MatchResult missed = InstanceMatching.match(plane(p), plane(new int[W * H]), 0.5)[0];
        assertCounts(missed, 0, 0, 1);
    }

    @Test
    void singleObjectPerfectMatch() {
        int[] t = new int[W * H];
        Shapes.rect(t, W, 3, 3, 5, 4, 7);
        int[] p = new int[W * H];
        Shapes.rect(p, W, 3, 3, 5, 4, 2); // same pixels, other label number
        for (MatchResult m : InstanceMatching.match(plane(t), plane(p), TAUS)) {
            assertCounts(m, 1, 0, 0);
            assertEquals(1.0, m.averagePrecision());
            assertEquals(1.0, m.f1());
        }
        assertEquals(1.0, PixelMetrics.foreground(plane(t), plane(p)).iou());
        assertEquals(1.0, PixelMetrics.foreground(plane(t), plane(p)).dice());
    }

    @Test
    void perfectMatchOfManyObjects() {
        int[] t = new int[W * H];
        int label = 1;
        for (int x = 0; x + 3 <= W; x += 4) for (int y = 0; y + 3 <= H; y += 4) Shapes.rect(t, W, x, y, 3, 3, label++);
        int[] p = t.clone();
        for (int i = 0; i < p.length; i++) if (p[i] > 0) p[i] = 100 - p[i];
        MatchResult[] r = InstanceMatching.match(plane(t), plane(p), TAUS);
        for (MatchResult m : r) assertCounts(m, label - 1, 0, 0);
        assertEquals(1.0, InstanceMatching.meanAveragePrecision(r));
    }

    @Test
    void splitObjectMatchesOneHalfAtIoUOneHalf() {
        int[] t = new int[W * H];
        Shapes.rect(t, W, 2, 2, 10, 4, 1);
        int[] p = new int[W * H];
        Shapes.rect(p, W, 2, 2, 5, 4, 1);
        Shapes.rect(p, W, 7, 2, 5, 4, 2);
        MatchResult[] r = InstanceMatching.match(plane(t), plane(p), TAUS);
        assertCounts(r[0], 1, 1, 0); // each half has IoU exactly 0.5
        assertEquals(0.5, r[0].averagePrecision());
        assertEquals(0.5, r[0].precision());
        assertEquals(1.0, r[0].recall());
        for (int k = 1; k < r.length; k++) assertCounts(r[k], 0, 2, 1);
        assertEquals(0.05, InstanceMatching.meanAveragePrecision(r), 1e-12);
    }

    @Test
    void mergedObjectsMatchOnlyOneTruth() {
        int[] t = new int[W * H];
        Shapes.rect(t, W, 2, 2, 6, 4, 1);  // 24 px
        Shapes.rect(t, W, 8, 2, 4, 4, 2);  // 16 px
        int[] p = new int[W * H];
        Shapes.rect(p, W, 2, 2, 10, 4, 1); // 40 px: IoU 0.6 with truth 1, 0.4 with truth 2
        MatchResult[] r = InstanceMatching.match(plane(t), plane(p), 0.5, 0.6, 0.65);
        assertCounts(r[0], 1, 0, 1);
        assertCounts(r[1], 1, 0, 1);
        assertCounts(r[2], 0, 1, 2);
        assertEquals(0.5, r[0].averagePrecision());
        assertEquals(2.0 / 3, r[0].f1(), 1e-12);
    }

    @Test
    void contingencyTableHoldsOnlyOverlappingPairs() {
        int[] t = new int[W * H];
        Shapes.rect(t, W, 0, 0, 4, 4, 1);
        Shapes.rect(t, W, 10, 0, 4, 4, 2);
        int[] p = new int[W * H];
        Shapes.rect(p, W, 2, 0, 4, 4, 5);  // overlaps truth 1 by 8 px
        Shapes.rect(p, W, 15, 8, 2, 2, 9); // overlaps nothing
        ContingencyTable table = ContingencyTable.of(plane(t), plane(p));
        assertEquals(1, table.pairCount());
        assertEquals(8, table.pairOverlap(0));
        assertEquals(8.0 / 24, table.pairIoU(0), 1e-12);
        assertEquals(2, table.truthObjectCount());
        assertEquals(2, table.predictedObjectCount());
    }
}
