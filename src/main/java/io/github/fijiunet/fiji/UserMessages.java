package io.github.fijiunet.fiji;

import ij.IJ;
import io.github.fijiunet.CancelledException;
import io.github.fijiunet.FijiUnetException;

import java.awt.GraphicsEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The edge between the core and a user: a {@link FijiUnetException}'s message is shown as it is
 * (it already says what to do), never a stack trace. Unexpected failures get a short message; their
 * stack trace goes to the Log window only, for a bug report.
 */
public final class UserMessages {

    private UserMessages() {}

    /** The one line a user sees for {@code e}. */
    public static String message(Throwable e) {
        if (e instanceof FijiUnetException && e.getMessage() != null) return e.getMessage();
        if (e instanceof OutOfMemoryError) {
            return "Out of memory. Use a smaller tile size, close other images, or give ImageJ more memory (Edit > Options > Memory & Threads).";
        }
        return "Unexpected error: " + e + ". The details are in the Log window; please report them.";
    }

    /** Logs the stack trace of failures that are not the user's to fix. */
    public static void logDetails(Throwable e) {
        if (e instanceof FijiUnetException) return;
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        IJ.log("fiji-unet: " + trace);
    }

    /**
     * Reports {@code e}: a dialog (which also aborts a calling macro) when there is a display,
     * the Log window (stdout when headless) otherwise. A cancellation is only a status message.
     */
    public static void report(String title, Throwable e) {
        String message = message(e);
        logDetails(e);
        if (e instanceof CancelledException) {
            IJ.showStatus(title + ": " + message);
            log(title + ": " + message);
        } else if (GraphicsEnvironment.isHeadless()) {
            log(title + ": " + message);
        } else {
            IJ.error(title, message);
        }
    }

    public static void log(String line) {
        if (GraphicsEnvironment.isHeadless()) System.out.println(line);
        else IJ.log(line);
    }
}
