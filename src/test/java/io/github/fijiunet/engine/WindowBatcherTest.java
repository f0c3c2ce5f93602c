package io.github.fijiunet.engine;

import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneTarget;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowBatcherTest {

    private static final PlaneSource PLANE = ArrayPlane.of(ArrayPlane.Kind.FLOAT32, 512, 512, new float[512 * 512]);
    private static final ChannelScaling IDENTITY = new ChannelScaling(new float[] {1}, new float[] {0});

    /**
     * A session whose outputs say which window they are for (its x); the first call waits until
     * {@code queued} callers are waiting behind it, so their windows are known to arrive together.
     */
    private static final class RecordingSession implements ModelSession {
        final List<List<Integer>> calls = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstCallMayFinish = new CountDownLatch(1);
        final CountDownLatch firstCallStarted = new CountDownLatch(1);
        int failX = -1;

        @Override
        public WindowOutput runWindow(PlaneSource source, int x, int y, int width, int height, ChannelScaling scaling) {
            return runWindows(List.of(new ModelWindow(source, x, y, width, height, scaling))).get(0);
        }

        @Override
        public boolean batchesWindows() {
            return true;
        }

        @Override
        public List<WindowOutput> runWindows(List<ModelWindow> windows) {
            List<Integer> xs = new ArrayList<>();
            for (ModelWindow w : windows) xs.add(w.x());
            boolean first = calls.isEmpty();
            calls.add(xs);
            if (first) {
                firstCallStarted.countDown();
                try {
                    assertTrue(firstCallMayFinish.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (xs.contains(failX)) throw new IllegalArgumentException("window at x " + failX + " refused");
            List<WindowOutput> outputs = new ArrayList<>();
            for (ModelWindow w : windows) outputs.add(new Labelled(w.x()));
            return outputs;
        }

        @Override
        public float[] runBatch(float[] samples, int count, int height, int width, int channels) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }

    /** An output that only knows whose it is. */
    private static final class Labelled implements WindowOutput {
        final int x;

        Labelled(int x) {
            this.x = x;
        }

        @Override
        public int channels() {
            return 1;
        }

        @Override
        public int height() {
            return x;
        }

        @Override
        public int width() {
            return x;
        }

        @Override
        public void writeTo(int cropX, int cropY, int width, int height, PlaneTarget target, int targetX, int targetY) {}

        @Override
        public void close() {}
    }

    /** Runs one blocking call, then {@code sizes.length} more callers while it blocks; returns each later caller's output x (or its failure). */
    private static List<Object> runWhileBlocked(RecordingSession session, WindowBatcher batcher, int[][] windows) throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            Future<WindowOutput> first = pool.submit(() -> batcher.run(new ModelWindow(PLANE, 0, 0, 64, 64, IDENTITY)));
            assertTrue(session.firstCallStarted.await(10, TimeUnit.SECONDS));
            List<Future<WindowOutput>> later = new ArrayList<>();
            for (int[] w : windows) {
                later.add(pool.submit(() -> batcher.run(new ModelWindow(PLANE, w[0], 0, w[1], w[1], IDENTITY))));
            }
            // every later caller is queued behind the blocked call before it may finish
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (batcher.queued() < windows.length) {
                assertTrue(System.nanoTime() < deadline, "callers did not queue");
                Thread.sleep(5);
            }
            session.firstCallMayFinish.countDown();
            assertEquals(0, first.get(10, TimeUnit.SECONDS).width());
            List<Object> results = new ArrayList<>();
            for (Future<WindowOutput> f : later) {
                try {
                    results.add(f.get(10, TimeUnit.SECONDS).width());
                } catch (java.util.concurrent.ExecutionException e) {
                    results.add(e.getCause());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void windowsAskedForWhileABatchRunsGoTogetherInTheNextAndEachCallerGetsItsOwn() throws Exception {
        RecordingSession session = new RecordingSession();
        WindowBatcher batcher = new WindowBatcher(session, 1 << 20);
        List<Object> outputs = runWhileBlocked(session, batcher, new int[][] {{1, 64}, {2, 64}, {3, 64}, {4, 64}});
        assertEquals(List.of(1, 2, 3, 4), outputs, "each caller gets the output of its own window");
        assertEquals(List.of(0), session.calls.get(0), "a window asked for alone runs at once, alone");
        assertEquals(2, session.calls.size(), "the four queued windows ran as one batch");
        assertEquals(List.of(1, 2, 3, 4), sorted(session.calls.get(1)));
    }

    @Test
    void batchesHoldOneWindowSizeAndStayWithinThePixelBudget() throws Exception {
        RecordingSession session = new RecordingSession();
        WindowBatcher batcher = new WindowBatcher(session, 3 * 64 * 64);
        List<Object> outputs = runWhileBlocked(session, batcher, new int[][] {{1, 64}, {2, 32}, {3, 64}, {4, 64}, {5, 64}, {6, 32}});
        assertEquals(List.of(1, 2, 3, 4, 5, 6), outputs);
        for (List<Integer> call : session.calls.subList(1, session.calls.size())) {
            boolean small = call.contains(2) || call.contains(6);
            for (int x : call) assertEquals(small, x == 2 || x == 6, "sizes never mix: " + session.calls);
            assertTrue(small || call.size() <= 3, "at most 3 windows of 64² in a budget of 3 × 64²: " + session.calls);
        }
        assertEquals(1 + 3, session.calls.size(), "64² windows in batches of 3 and 1, the two 32² ones together: " + session.calls);
    }

    @Test
    void aWindowThatFailsFailsOnlyItsCaller() throws Exception {
        RecordingSession session = new RecordingSession();
        session.failX = 2;
        WindowBatcher batcher = new WindowBatcher(session, 1 << 20);
        List<Object> outputs = runWhileBlocked(session, batcher, new int[][] {{1, 64}, {2, 64}, {3, 64}});
        assertEquals(1, outputs.get(0));
        assertTrue(outputs.get(1) instanceof IllegalArgumentException, "the refused window's caller gets the engine's exception: " + outputs);
        assertEquals(3, outputs.get(2));
        assertThrows(IllegalArgumentException.class, () -> batcher.run(new ModelWindow(PLANE, 2, 0, 64, 64, IDENTITY)));
        assertEquals(7, batcher.run(new ModelWindow(PLANE, 7, 0, 64, 64, IDENTITY)).width(), "the batcher keeps working after a failure");
    }

    private static List<Integer> sorted(List<Integer> values) {
        List<Integer> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }
}
