package io.github.fijiunet.fiji;

import ij.IJ;
import ij.Prefs;
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
        if (e instanceof LinkageError && String.valueOf(e.getMessage()).contains("imglib2")) {
            return "fiji-unet needs ImgLib2, which Fiji ships but plain ImageJ does not: copy imglib2-*.jar into ImageJ's jars folder "
                    + "(mvn -Pinstall,plain-imagej -Dfiji.app=/path/to/ImageJ package does it).";
        }
        if (e instanceof LinkageError) {
            return "A library fiji-unet needs is missing or of the wrong version (" + e.getMessage()
                    + "). Reinstall fiji-unet with its jars (mvn -Pinstall), then restart ImageJ.";
        }
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

    /** The exit status of {@code ImageJ -batch} when a fiji-unet command stopped the macro. */
    public static final int BATCH_ERROR_EXIT = 1;

    /**
     * Reports {@code e}: a dialog (which also aborts a calling macro) when ImageJ's window is up,
     * the Log window / stdout otherwise. A macro run with {@code ImageJ -batch} prints the message
     * and ends ImageJ with exit status {@value #BATCH_ERROR_EXIT}, so scripts and pipelines see the
     * failure (ImageJ itself would exit 0). A cancellation is only a status message.
     */
    public static void report(String title, Throwable e) {
        String message = message(e);
        logDetails(e);
        if (e instanceof CancelledException) {
            IJ.showStatus(title + ": " + message);
            log(title + ": " + message);
        } else if (IJ.getInstance() == null && IJ.isMacro() && Prefs.commandLineMacro()) {
            // ImageJ -batch: IJ.error would open the macro error dialog, which nobody can close.
            System.out.println(title + ": " + message);
            System.out.flush();
            System.exit(BATCH_ERROR_EXIT);
        } else if (GraphicsEnvironment.isHeadless()) {
            log(title + ": " + message);
        } else if (IJ.getInstance() == null && IJ.isMacro()) {
            // A macro without the ImageJ window (e.g. run by another program): stop it quietly.
            log(title + ": " + message);
            ij.macro.Interpreter macro = ij.macro.Interpreter.getInstance();
            if (macro != null) {
                macro.setIgnoreErrors(true); // abort without the error dialog
                macro.abort(title + ": " + message);
            }
        } else {
            IJ.error(title, wrap(message, WRAP_COLUMNS));
        }
    }

    /** Error dialogs wrap here: a long path or list in one line would push the OK button off the screen. */
    static final int WRAP_COLUMNS = 90;

    /** {@code text} with line breaks at spaces so that no line is longer than {@code columns} (longer words stay whole). */
    static String wrap(String text, int columns) {
        StringBuilder out = new StringBuilder();
        for (String paragraph : text.split("\n", -1)) {
            if (out.length() > 0) out.append('\n');
            int lineLength = 0;
            for (String word : paragraph.split(" ")) {
                if (lineLength > 0 && lineLength + 1 + word.length() > columns) {
                    out.append('\n');
                    lineLength = 0;
                } else if (lineLength > 0) {
                    out.append(' ');
                    lineLength++;
                }
                out.append(word);
                lineLength += word.length();
            }
        }
        return out.toString();
    }

    public static void log(String line) {
        if (GraphicsEnvironment.isHeadless()) System.out.println(line);
        else IJ.log(line);
    }
}
