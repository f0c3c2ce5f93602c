package io.github.fijiunet.fiji;

import ij.IJ;
import io.github.fijiunet.Progress;

import java.util.function.BooleanSupplier;

/**
 * {@link Progress} on ImageJ's status bar and progress bar. Cancelled when the user presses Esc
 * ({@link IJ#escapePressed()}) or when {@code cancelled} says so (a SciJava command's cancel).
 * Uses ImageJ 1.x only, so the plain-ImageJ plugins can use it without SciJava on the class path.
 */
public final class ImageJProgress implements Progress {

    /** Where progress goes besides ImageJ's bars (e.g. SciJava's StatusService); may do nothing. */
    public interface Sink {
        void update(long done, long total, String message);
    }

    private final BooleanSupplier cancelled;
    private final Sink sink;
    private volatile String outcome = "";

    public ImageJProgress(BooleanSupplier cancelled, Sink sink) {
        this.cancelled = cancelled == null ? () -> false : cancelled;
        this.sink = sink;
        IJ.resetEscape();
    }

    public ImageJProgress() {
        this(null, null);
    }

    @Override
    public void update(long done, long total, String message) {
        if (message != null) IJ.showStatus(message);
        if (total > 0) {
            int scale = total > Integer.MAX_VALUE ? (int) (total / Integer.MAX_VALUE + 1) : 1;
            IJ.showProgress((int) (done / scale), (int) (total / scale));
        }
        if (sink != null) sink.update(done, total, message);
    }

    @Override
    public boolean isCancelled() {
        return IJ.escapePressed() || cancelled.getAsBoolean();
    }

    /** What the status bar says once the job is {@link #done}: what it found ("Segment Cells (U-Net): 27 objects"). */
    public void outcome(String message) {
        outcome = message == null ? "" : message;
    }

    /** Clears the progress bar when a job ends, however it ends, leaving the {@link #outcome} (if any) on the status bar. */
    public void done() {
        IJ.showProgress(1.0);
        IJ.showStatus(outcome);
        if (sink != null && !outcome.isEmpty()) sink.update(1, 1, outcome);
    }
}
