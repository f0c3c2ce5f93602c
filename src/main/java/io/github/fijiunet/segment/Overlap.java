package io.github.fijiunet.segment;

import io.github.fijiunet.CancelledException;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Post-processing beside prediction, a pipeline one piece deep: while the caller predicts the
 * next plane or block, the previous one is post-processed on a thread of its own (itself parallel
 * where it can be), so the cores TensorFlow leaves idle between its steps do that work. One piece
 * is post-processed at a time and one predicted: memory stays at two pieces. Results come back in
 * the order the work went in, each exactly what it would be without the overlap.
 */
final class Overlap<T> implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fiji-unet post-processing");
        t.setDaemon(true);
        return t;
    });
    private Future<T> pending;

    /** Waits for the previous work, starts {@code work} and returns the previous result (null the first time). */
    T submit(Callable<T> work) {
        T previous = finish();
        pending = thread.submit(work);
        return previous;
    }

    /** The result of the work in progress, once done (null when none); its failure is thrown here, in the caller's thread. */
    T finish() {
        if (pending == null) return null;
        Future<T> running = pending;
        pending = null;
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.cancel(true);
            throw new CancelledException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) throw (RuntimeException) cause;
            if (cause instanceof Error) throw (Error) cause;
            throw new IllegalStateException(cause);
        }
    }

    /** Stops the thread; work still running after a failure of the caller is abandoned. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
