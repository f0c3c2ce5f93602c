package io.github.fijiunet.fiji.ij1;

import ij.IJ;
import ij.Macro;
import ij.plugin.PlugIn;
import io.github.fijiunet.fiji.ImageJProgress;
import io.github.fijiunet.fiji.UserMessages;

/**
 * The shape every ImageJ 1.x entry shares: options from the macro, or from a dialog that records
 * the enums' keys; the work with ImageJ's progress bar and Esc; a user error as one message (a
 * line in {@code -batch}), never a stack trace.
 */
abstract class Ij1Command implements PlugIn {

    @Override
    public final void run(String arg) {
        if (needsImage(arg) && ij.WindowManager.getCurrentImage() == null) {
            IJ.noImage();
            return;
        }
        ImageJProgress progress = new ImageJProgress();
        try {
            String options = Macro.getOptions();
            if (options == null) {
                options = showDialog(arg);
                if (options == null) return;
            }
            execute(arg, options, progress);
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            UserMessages.report(title(arg), e);
        } finally {
            progress.done();
        }
    }

    /** The menu label, used in messages. */
    abstract String title(String arg);

    /** Whether the command works on the active image. */
    abstract boolean needsImage(String arg);

    /** Shows the dialog and returns the option string it stands for (recorded), or null when cancelled. */
    abstract String showDialog(String arg);

    abstract void execute(String arg, String options, ImageJProgress progress);
}
