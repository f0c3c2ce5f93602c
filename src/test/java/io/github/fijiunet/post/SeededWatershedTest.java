package io.github.fijiunet.post;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watershed, region by region on all cores with the bucketed queue, gives exactly the labels of one sequential heap flood of the plane. */
class SeededWatershedTest {

    @Test
    void regionsFloodedInParallelGiveTheSequentialFloodsLabels() {
        int w = 1300;
        int h = 1000; // above PARALLEL_PIXELS
        assertTrue(w * h >= SeededWatershed.PARALLEL_PIXELS);
        Random random = new Random(21);
        boolean[] mask = new boolean[w * h];
        float[] elevation = new float[w * h];
        for (int i = 0; i < elevation.length; i++) elevation[i] = random.nextInt(50) / 50f; // many ties
        int[] seeds = new int[w * h];
        int label = 0;
        for (int blob = 0; blob < 900; blob++) {
            int cx = random.nextInt(w);
            int cy = random.nextInt(h);
            int r = 4 + random.nextInt(14);
            for (int y = Math.max(0, cy - r); y < Math.min(h, cy + r); y++) {
                for (int x = Math.max(0, cx - r); x < Math.min(w, cx + r); x++) {
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) mask[y * w + x] = true;
                }
            }
            if (blob % 5 == 4) continue; // a region without a seed stays 0, unless it touches a seeded one
            label++;
            seeds[cy * w + cx] = label;
            if (random.nextBoolean()) seeds[Math.min(h - 1, cy + 1) * w + cx] = ++label; // touching seeds compete
        }
        for (Connectivity c : Connectivity.values()) {
            int[] expected = sequentialHeapFlood(elevation, seeds.clone(), mask, w, h, c);
            LabelPlane actual = SeededWatershed.flood(elevation, new LabelPlane(w, h, seeds.clone(), label), mask, c);
            assertArrayEquals(expected, actual.labels(), c.toString());
            // the seeds lie in the mask: flooding by the mask's own regions (as the instance decoding does) is the same
            LabelPlane byMaskRegions = SeededWatershed.flood(elevation, new LabelPlane(w, h, seeds.clone(), label), mask, c,
                    RegionPixels.of(ConnectedComponents.label(mask, w, h, c)));
            assertArrayEquals(expected, byMaskRegions.labels(), c + ", by the mask's regions");
            boolean unseeded = false;
            for (int p = 0; p < expected.length; p++) unseeded |= mask[p] && expected[p] == 0;
            assertTrue(unseeded, "the plane has mask regions no seed reaches");
        }
    }

    /** The flood as it was written first: one binary heap for the plane, every seed pixel pushed in raster order. */
    private static int[] sequentialHeapFlood(float[] elevation, int[] labels, boolean[] mask, int w, int h, Connectivity c) {
        PixelHeap heap = new PixelHeap(16);
        for (int p = 0; p < labels.length; p++) if (labels[p] > 0) heap.push(p, elevation[p]);
        while (!heap.isEmpty()) {
            int p = heap.pop();
            for (int k = 0; k < c.neighbourCount(); k++) {
                int nx = p % w + c.dx(k);
                int ny = p / w + c.dy(k);
                if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
                int q = ny * w + nx;
                if (labels[q] != 0 || !mask[q]) continue;
                labels[q] = labels[p];
                heap.push(q, elevation[q]);
            }
        }
        return labels;
    }
}
