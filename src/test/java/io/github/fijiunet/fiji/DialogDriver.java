package io.github.fijiunet.fiji;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;
import ij.plugin.frame.RoiManager;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Label;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

/**
 * Runs in a subprocess under Xvfb (see {@link DialogTest}): opens "Segment Cells (U-Net)" from the
 * menu as a user would (no macro options), screenshots the dialog, types a minimum size, presses
 * OK, and reads back what the Recorder wrote; then replays the recorded line as a macro and opens
 * the dialog once more to see the remembered value. Prints {@code KEY=value} lines.
 * Arguments: image path, screenshot path, minimum size to type.
 */
public final class DialogDriver {

    public static void main(String[] args) {
        try {
            drive(args);
            System.out.println("DONE=1");
        } catch (Throwable e) {
            e.printStackTrace(System.out);
        }
        System.exit(0); // ImageJ's windows would keep the JVM alive
    }

    private static void drive(String[] args) throws Exception {
        ImageJ ij = new ImageJ();
        waitFor(ij::isShowing, 20_000);
        Recorder recorder = new Recorder();
        ImagePlus imp = IJ.openImage(args[0]);
        imp.show();
        waitFor(() -> imp.getWindow() != null && imp.getWindow().isShowing(), 10_000);

        GenericDialog gd = openDialog();
        System.out.println("LABELS=" + String.join("|", labels(gd)));
        BufferedImage shot = new Robot().createScreenCapture(gd.getBounds());
        ImageIO.write(shot, "png", new File(args[1]));
        TextField minSize = fieldAfter(gd, "Minimum object size (pixels)");
        System.out.println("SHOWN_MIN_SIZE=" + minSize.getText());
        Choice model = firstChoice(gd);
        SwingUtilities.invokeAndWait(() -> pick(model, "nuclei-unetpp"));
        System.out.println("SWITCHED_MIN_SIZE=" + minSize.getText());
        SwingUtilities.invokeAndWait(() -> pick(model, "nuclei-unet"));
        SwingUtilities.invokeAndWait(() -> minSize.setText(args[2]));
        press(gd, "OK");
        waitFor(() -> recorded(recorder) != null, 120_000);
        String line = recorded(recorder);
        System.out.println("RECORDED=" + line);
        System.out.println("ROIS=" + roiCount());
        Thread.sleep(300); // the command's thread ends after recording; then the status bar has its last word
        System.out.println("STATUS=" + ImageJ.getStatusBarText());

        RoiManager.getInstance().reset();
        WindowManager.setTempCurrentImage(imp);
        IJ.runMacro(line);
        System.out.println("REPLAY_ROIS=" + roiCount());
        List<String> labelTitles = new ArrayList<>();
        List<java.awt.Rectangle> windows = new ArrayList<>();
        for (int id : WindowManager.getIDList()) {
            ImagePlus shown = WindowManager.getImage(id);
            windows.add(shown.getWindow().getBounds());
            if (shown.getTitle().contains("_labels")) labelTitles.add(shown.getTitle());
        }
        boolean beside = true; // no image window covers another
        for (int i = 0; i < windows.size(); i++) {
            for (int j = i + 1; j < windows.size(); j++) beside &= !windows.get(i).intersects(windows.get(j));
        }
        System.out.println("WINDOWS=" + windows);
        System.out.println("LABEL_TITLES=" + String.join("|", labelTitles));
        System.out.println("BESIDE=" + beside);

        WindowManager.setCurrentWindow(imp.getWindow());
        GenericDialog again = openDialog();
        System.out.println("REMEMBERED=" + fieldAfter(again, "Minimum object size (pixels)").getText());
        press(again, "Cancel");
    }

    /** Starts the command as a menu click does (its own thread, no macro options) and waits for its dialog. */
    private static GenericDialog openDialog() throws InterruptedException {
        IJ.doCommand("Segment Cells (U-Net)");
        GenericDialog[] found = new GenericDialog[1];
        waitFor(() -> {
            for (Window w : Window.getWindows()) {
                if (w instanceof GenericDialog && w.isShowing() && "Segment Cells (U-Net)".equals(((GenericDialog) w).getTitle())) {
                    found[0] = (GenericDialog) w;
                }
            }
            return found[0] != null;
        }, 30_000);
        if (found[0] == null) throw new IllegalStateException("the Segment Cells dialog did not open");
        Thread.sleep(500); // let it paint before the screenshot
        return found[0];
    }

    private static String recorded(Recorder recorder) {
        Matcher m = Pattern.compile("run\\(\"Segment Cells \\(U-Net\\)\".*\\);").matcher(recorder.getText());
        return m.find() ? m.group() : null;
    }

    private static int roiCount() {
        RoiManager rm = RoiManager.getInstance();
        return rm == null ? 0 : rm.getCount();
    }

    /** Every label of the dialog, in order (checkboxes included). */
    private static List<String> labels(Container dialog) {
        List<String> labels = new ArrayList<>();
        for (Component c : all(dialog)) {
            if (c instanceof Label && !((Label) c).getText().isBlank()) labels.add(((Label) c).getText().trim());
            if (c instanceof Checkbox) labels.add(((Checkbox) c).getLabel().trim());
            if (c instanceof Choice) labels.add("[" + ((Choice) c).getSelectedItem() + "]");
        }
        return labels;
    }

    private static Choice firstChoice(Container dialog) {
        for (Component c : all(dialog)) if (c instanceof Choice) return (Choice) c;
        throw new IllegalStateException("no choice in the dialog");
    }

    /** Selects {@code item} as a user does: the choice changes and its listeners hear an item event. */
    private static void pick(Choice choice, String item) {
        choice.select(item);
        java.awt.event.ItemEvent e = new java.awt.event.ItemEvent(choice, java.awt.event.ItemEvent.ITEM_STATE_CHANGED, item, java.awt.event.ItemEvent.SELECTED);
        for (java.awt.event.ItemListener l : choice.getItemListeners()) l.itemStateChanged(e);
    }

    private static TextField fieldAfter(Container dialog, String label) {
        boolean seen = false;
        for (Component c : all(dialog)) {
            if (c instanceof Label && ((Label) c).getText().trim().equals(label)) seen = true;
            else if (seen && c instanceof TextField) return (TextField) c;
        }
        throw new IllegalStateException("no field labelled " + label);
    }

    private static void press(GenericDialog gd, String button) throws Exception {
        for (Component c : all(gd)) {
            if (c instanceof Button && ((Button) c).getLabel().trim().equals(button)) {
                SwingUtilities.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(c, ActionEvent.ACTION_PERFORMED, button)));
                return;
            }
        }
        throw new IllegalStateException("no " + button + " button");
    }

    private static List<Component> all(Container root) {
        List<Component> out = new ArrayList<>();
        for (Component c : root.getComponents()) {
            out.add(c);
            if (c instanceof Container) out.addAll(all((Container) c));
        }
        return out;
    }

    private static void waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < end) Thread.sleep(100);
    }
}
