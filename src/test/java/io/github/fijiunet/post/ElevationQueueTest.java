package io.github.fijiunet.post;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bucketed queue pops in exactly the heap's order: elevation, then first in first out, with pushes below the last pop, ties, infinities and NaN. */
class ElevationQueueTest {

    @Test
    void popsInTheHeapsOrder() {
        Random random = new Random(9);
        for (int trial = 0; trial < 50; trial++) {
            float min = trial % 3 == 0 ? -5 : 0;
            float max = trial % 7 == 0 ? min : 1; // an empty range puts everything in one bucket
            ElevationQueue queue = new ElevationQueue(min, max);
            queue.reset(trial % 2 == 0 ? ElevationQueue.BUCKETS : 1 + trial); // a whole plane's buckets, or a small region's
            PixelHeap heap = new PixelHeap(16);
            int pushed = 0;
            for (int step = 0; step < 3000; step++) {
                if (pushed == 0 || random.nextInt(3) > 0) {
                    float priority = priority(random, min, max);
                    queue.push(pushed, priority);
                    heap.push(pushed, priority);
                    pushed++;
                } else if (!heap.isEmpty()) {
                    assertEquals(heap.pop(), queue.pop(), "trial " + trial + " step " + step);
                }
            }
            while (!heap.isEmpty()) assertEquals(heap.pop(), queue.pop());
            assertTrue(queue.isEmpty());
        }
    }

    private static float priority(Random random, float min, float max) {
        switch (random.nextInt(12)) {
            case 0: return Float.NaN;
            case 1: return Float.POSITIVE_INFINITY;
            case 2: return max;
            case 3: return min;
            case 4: return Math.round(random.nextFloat() * 4) / 4f * (max - min) + min; // ties
            default: return random.nextFloat() * (max - min) + min;
        }
    }
}
