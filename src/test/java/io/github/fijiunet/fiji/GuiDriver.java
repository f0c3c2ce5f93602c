package io.github.fijiunet.fiji;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.plugin.frame.RoiManager;

import java.awt.Frame;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.MenuItem;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

/**
 * Runs in a subprocess under Xvfb (see {@link GuiTest}): starts the ImageJ GUI, lists the
 * Plugins &gt; fiji-unet menu, runs the command from that menu's name on an image and saves a
 * screenshot of ImageJ's windows. Prints {@code KEY=value} lines for the test to read.
 * Arguments: image path, macro options, screenshot path.
 */
public final class GuiDriver {

    public static void main(String[] args) throws Exception {
        ImageJ ij = new ImageJ();
        waitFor(() -> ij.isShowing(), 20_000);
        ij.setLocation(0, 0);
        System.out.println("MENU=" + menuHas(Menus.getMenuBar(), "Plugins", "fiji-unet", "Segment Cells (U-Net)"));
        System.out.println("FIJI_UNET_MENU=" + String.join("|", itemLabels(Menus.getMenuBar(), "Plugins", "fiji-unet")));

        ImagePlus imp = IJ.openImage(args[0]);
        imp.show();
        waitFor(() -> imp.getWindow() != null && imp.getWindow().isShowing(), 10_000);
        IJ.run(imp, "Set... ", "zoom=200");
        imp.getWindow().setLocation(0, ij.getHeight() + 5);
        IJ.run(imp, "Segment Cells (U-Net)", args[1]);
        RoiManager rm = RoiManager.getInstance();
        System.out.println("ROIS=" + (rm == null ? 0 : rm.getCount()));
        System.out.println("OVERLAY=" + (imp.getOverlay() == null ? 0 : imp.getOverlay().size()));
        int imageRight = imp.getWindow().getX() + imp.getWindow().getWidth();
        if (rm != null) rm.setLocation(imageRight + 5, ij.getHeight() + 5);
        Frame results = WindowManager.getFrame("Results");
        if (results != null) {
            results.setSize(420, 260);
            results.setLocation(imageRight + 5 + (rm == null ? 0 : rm.getWidth() + 5), ij.getHeight() + 5);
        }
        ImagePlus labels = WindowManager.getImage("00071198d059ba7f_labels");
        if (labels != null) labels.close();
        imp.getWindow().toFront();
        SwingUtilities.invokeAndWait(() -> { });
        Thread.sleep(1500);

        Rectangle area = null;
        for (Window w : Window.getWindows()) {
            if (!w.isShowing()) continue;
            area = area == null ? w.getBounds() : area.union(w.getBounds());
        }
        Rectangle screen = new Rectangle(java.awt.Toolkit.getDefaultToolkit().getScreenSize());
        area = area == null ? screen : area.intersection(screen);
        BufferedImage shot = new Robot().createScreenCapture(area);
        ImageIO.write(shot, "png", new File(args[2]));
        System.out.println("SCREENSHOT=" + shot.getWidth() + "x" + shot.getHeight());
        System.out.println("DONE=1");
        System.exit(0);
    }

    private static boolean menuHas(MenuBar bar, String... path) {
        if (bar == null) return false;
        for (int i = 0; i < bar.getMenuCount(); i++) {
            Menu m = bar.getMenu(i);
            if (m.getLabel().equals(path[0])) return menuHas(m, path, 1);
        }
        return false;
    }

    private static boolean menuHas(Menu menu, String[] path, int depth) {
        for (int i = 0; i < menu.getItemCount(); i++) {
            MenuItem item = menu.getItem(i);
            if (!item.getLabel().equals(path[depth])) continue;
            if (depth == path.length - 1) return true;
            if (item instanceof Menu) return menuHas((Menu) item, path, depth + 1);
        }
        return false;
    }

    /** The labels of the items in the submenu at {@code path}, in order (empty if there is none). */
    private static List<String> itemLabels(MenuBar bar, String... path) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < bar.getMenuCount(); i++) {
            if (bar.getMenu(i).getLabel().equals(path[0])) collect(bar.getMenu(i), path, 1, labels);
        }
        return labels;
    }

    private static void collect(Menu menu, String[] path, int depth, List<String> labels) {
        for (int i = 0; i < menu.getItemCount(); i++) {
            MenuItem item = menu.getItem(i);
            if (depth == path.length) labels.add(item.getLabel());
            else if (item instanceof Menu && item.getLabel().equals(path[depth])) collect((Menu) item, path, depth + 1, labels);
        }
    }

    private interface Condition {
        boolean holds();
    }

    private static void waitFor(Condition c, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!c.holds() && System.currentTimeMillis() < end) Thread.sleep(100);
    }
}
