package io.github.fijiunet.cli;

import io.github.fijiunet.Progress;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Progress lines on stderr, at most about two a second (plus the last). Ctrl-C in the terminal
 * ({@link #interruptAll}, from the CLI's shutdown hook) cancels the running job between units of
 * work, so files being written are finished or never started.
 */
final class ConsoleProgress implements Progress {

    private static final AtomicBoolean INTERRUPTED = new AtomicBoolean();
    private static final long MIN_INTERVAL_NANOS = 500_000_000L;

    private final PrintWriter err;
    private long lastPrinted = Long.MIN_VALUE;

    ConsoleProgress(PrintWriter err) {
        this.err = err;
    }

    static void interruptAll() {
        INTERRUPTED.set(true);
    }

    /** No lines (for a command that prints its own, as train does), cancelled by Ctrl-C like the others. */
    static Progress quiet() {
        return new ConsoleProgress(null).silent();
    }

    @Override
    public synchronized void update(long done, long total, String message) {
        long now = System.nanoTime();
        if (done < total && lastPrinted != Long.MIN_VALUE && now - lastPrinted < MIN_INTERVAL_NANOS) return;
        lastPrinted = now;
        err.printf(Locale.ROOT, "[%3d%%] %s%n", total > 0 ? 100 * done / total : 100, message);
        err.flush();
    }

    @Override
    public boolean isCancelled() {
        return INTERRUPTED.get();
    }
}
