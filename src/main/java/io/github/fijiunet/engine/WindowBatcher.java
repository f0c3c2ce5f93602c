package io.github.fijiunet.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs windows that threads ask for at the same time as one batch ({@link ModelSession#runWindows}):
 * a 256² field alone leaves most of a CPU's or GPU's width unused, several in one call do not.
 * Greedy, without waiting: a window asked for while no batch runs runs at once, alone if it is
 * alone; windows asked for while a batch runs queue and go together in the next one (same size,
 * up to {@code maxPixels} in all). One batch runs at a time, run by one of the threads waiting for it.
 * A batch that fails is retried window by window, so each caller gets its own window's outcome.
 */
public final class WindowBatcher {

    private final ModelSession session;
    private final long maxPixels;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition served = lock.newCondition();
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private boolean running;

    /** Batches of at most {@code maxPixels} pixels (one window, however large, always runs). */
    public WindowBatcher(ModelSession session, long maxPixels) {
        this.session = session;
        this.maxPixels = maxPixels;
    }

    /** The window's output, once the batch it went in has run; the caller closes it. */
    public WindowOutput run(ModelWindow window) {
        Request mine = new Request(window);
        lock.lock();
        try {
            queue.add(mine);
            while (!mine.done) {
                if (running) {
                    served.awaitUninterruptibly();
                    continue;
                }
                running = true;
                List<Request> batch = takeBatch();
                lock.unlock();
                try {
                    runAll(batch);
                } finally {
                    lock.lock();
                    running = false;
                    served.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure instanceof RuntimeException) throw (RuntimeException) mine.failure;
        if (mine.failure instanceof Error) throw (Error) mine.failure;
        return mine.output;
    }

    /** Windows waiting for a batch (tests wait for callers to queue). */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest request and the queued ones that stack with it, oldest first, within the pixel budget. */
    private List<Request> takeBatch() {
        Request head = queue.poll();
        List<Request> batch = new ArrayList<>();
        batch.add(head);
        long pixels = head.window.pixels();
        for (Iterator<Request> it = queue.iterator(); it.hasNext(); ) {
            Request next = it.next();
            if (!next.window.stacksWith(head.window) || pixels + next.window.pixels() > maxPixels) continue;
            pixels += next.window.pixels();
            batch.add(next);
            it.remove();
        }
        return batch;
    }

    /** Sets every request's output or failure; throws nothing. */
    private void runAll(List<Request> batch) {
        if (batch.size() > 1) {
            List<ModelWindow> windows = new ArrayList<>(batch.size());
            for (Request r : batch) windows.add(r.window);
            try {
                List<WindowOutput> outputs = session.runWindows(windows);
                for (int i = 0; i < batch.size(); i++) batch.get(i).served(outputs.get(i), null);
                return;
            } catch (RuntimeException | Error e) {
                // retried one by one below: a window too large together may fit alone, and a bad one fails only its caller
            }
        }
        for (Request r : batch) {
            ModelWindow w = r.window;
            try {
                r.served(session.runWindow(w.source(), w.x(), w.y(), w.width(), w.height(), w.scaling()), null);
            } catch (RuntimeException | Error e) {
                r.served(null, e);
            }
        }
    }

    private static final class Request {
        final ModelWindow window;
        WindowOutput output;
        Throwable failure;
        boolean done;

        Request(ModelWindow window) {
            this.window = window;
        }

        void served(WindowOutput output, Throwable failure) {
            this.output = output;
            this.failure = failure;
            this.done = true;
        }
    }
}
