package io.github.fijiunet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.plugin.PlugIn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.MenuEntry;
import org.scijava.MenuPath;
import org.scijava.UIDetails;
import org.scijava.command.Command;
import org.scijava.plugin.PluginIndex;
import org.scijava.plugin.PluginInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One menu entry per command, in plain ImageJ 1.x and in Fiji, from the two real registrations:
 * the plugins.config that goes into the jar and the SciJava plugin index in target/classes.
 * Fiji's imagej-legacy is not on Maven Central, so its rule is encoded in {@link FijiMenus}
 * (read from net.imagej.legacy.IJ1Helper#addMenuItems); plain ImageJ's menus are also checked
 * live in {@link GuiTest}, and its macro labels in {@link MacroSubprocessTest}.
 */
class MenuRegistrationTest {

    static final String MENU = "Plugins>fiji-unet";
    private static final Pattern ENTRY = Pattern.compile("(Plugins>[^,]+),\\s*\"([^\"]+)\",\\s*(\\S+)");

    private static List<Ij1Entry> ij1;
    private static List<PluginInfo<Command>> sciJava;

    /** A plugins.config line: menu, label, plugin class with its optional ("arg"). */
    static final class Ij1Entry {
        final String menu;
        final String label;
        final String plugin;

        Ij1Entry(String menu, String label, String plugin) {
            this.menu = menu;
            this.label = label;
            this.plugin = plugin;
        }
    }

    /** The entries of target/classes/plugins.config, read as ij.Menus#installJarPlugins reads them. */
    static List<Ij1Entry> pluginsConfig() throws IOException {
        List<Ij1Entry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("target/classes/plugins.config"))) {
            if (line.length() < 3 || line.startsWith("#")) continue;
            Matcher m = ENTRY.matcher(line.trim());
            assertTrue(m.matches(), "a plugins.config line of the form Plugins>menu, \"label\", class: " + line);
            entries.add(new Ij1Entry(m.group(1), m.group(2), m.group(3)));
        }
        return entries;
    }

    @BeforeAll
    static void read() throws IOException {
        ij1 = pluginsConfig();
        PluginIndex index = new PluginIndex();
        index.discover();
        sciJava = new ArrayList<>();
        for (PluginInfo<Command> info : index.getPlugins(Command.class)) {
            if (info.getClassName().startsWith("io.github.fijiunet.")) sciJava.add(info);
        }
    }

    /**
     * ImageJ 1.x's command table and menus as Fiji builds them: first every plugins.config line
     * (ij.Menus), then imagej-legacy's IJ1Helper#addMenuItems for each SciJava command in the
     * application menu that is visible and not "no-legacy": its leaf label goes into the command
     * table as "command:class"; a label already there (compared as the exact string, so "X" and
     * "X..." are two commands) keeps its menu item, now running the SciJava command; any other
     * label gets a new item under its path, except a leaf-only path, which gets none
     * (IJ1MenuWrapper#create).
     */
    static final class FijiMenus {
        /** ij.Menus.getCommands(): label to what runs. */
        final Map<String, String> commands = new LinkedHashMap<>();
        /** Menu path ("Plugins>fiji-unet") to the labels of its items, in order; a double stays double. */
        final Map<String, List<String>> items = new LinkedHashMap<>();

        FijiMenus(List<Ij1Entry> ij1, List<PluginInfo<Command>> sciJava) {
            for (Ij1Entry e : ij1) {
                items.computeIfAbsent(e.menu, k -> new ArrayList<>()).add(e.label);
                commands.put(e.label, e.plugin);
            }
            for (PluginInfo<Command> info : sciJava) {
                MenuPath path = info.getMenuPath();
                if (!UIDetails.APPLICATION_MENU_ROOT.equals(info.getMenuRoot()) || path == null || path.isEmpty()
                        || info.is("no-legacy") || !info.isVisible()) {
                    continue;
                }
                String label = path.getLeaf().getName();
                if (path.size() >= 2) {
                    List<String> menu = items.computeIfAbsent(parent(path), k -> new ArrayList<>());
                    boolean overridesItem = commands.containsKey(label) && menu.contains(label);
                    if (!overridesItem) menu.add(label);
                }
                commands.put(label, "command:" + info.getClassName());
            }
        }

        private static String parent(MenuPath path) {
            List<String> names = new ArrayList<>();
            for (MenuEntry e : path.subList(0, path.size() - 1)) names.add(e.getName());
            return String.join(">", names);
        }
    }

    private static List<String> ij1Labels() {
        List<String> labels = new ArrayList<>();
        for (Ij1Entry e : ij1) labels.add(e.label);
        return labels;
    }

    @Test
    void plainImageJListsEachCommandOnceUnderPluginsFijiUnet() throws Exception {
        Set<String> labels = new HashSet<>();
        for (Ij1Entry e : ij1) {
            assertEquals(MENU, e.menu, e.label);
            assertTrue(labels.add(e.label), "listed twice: " + e.label);
            String className = e.plugin.replaceFirst("\\(\".*\"\\)$", "");
            assertTrue(PlugIn.class.isAssignableFrom(Class.forName(className)), className + " is an ImageJ 1.x plugin");
        }
        assertEquals(List.of("Segment Cells (U-Net)", "Batch Segment Folder", "Classify Image (CNN)", "Classify ROIs (CNN)",
                "Evaluate Segmentation", "Train Object Classifier...", "Export bioimage.io Model..."), ij1Labels(), "the documented macro labels");
    }

    @Test
    void fijiListsEachCommandOnceUnderPluginsFijiUnet() {
        FijiMenus fiji = new FijiMenus(ij1, sciJava);
        List<String> expected = new ArrayList<>(ij1Labels());
        expected.add("Train Model...");
        assertEquals(Map.of(MENU, expected), fiji.items, "Fiji's menu items of fiji-unet, each once");
        Set<String> shown = new HashSet<>();
        for (String label : fiji.items.get(MENU)) {
            assertTrue(shown.add(label.replaceFirst("\\.\\.\\.$", "")), "shown twice, with and without \"...\": " + label);
        }
    }

    @Test
    void fijiKeepsBothMacroLabelsOfEveryCommand() {
        FijiMenus fiji = new FijiMenus(ij1, sciJava);
        Map<String, String> sciJavaTwin = Map.of(
                "Segment Cells (U-Net)", SegmentCellsCommand.class.getName(),
                "Batch Segment Folder", BatchSegmentCommand.class.getName(),
                "Classify Image (CNN)", ClassifyImageCommand.class.getName(),
                "Classify ROIs (CNN)", ClassifyRoisCommand.class.getName(),
                "Evaluate Segmentation", EvaluateSegmentationCommand.class.getName());
        for (Ij1Entry e : ij1) {
            // run("Segment Cells (U-Net)", "model=... exclude_border"): the ImageJ 1.x plugin, as in plain ImageJ.
            assertEquals(e.plugin, fiji.commands.get(e.label), e.label);
            // run("Segment Cells (U-Net)...", "input=... model=..."): what Fiji recorded from the SciJava command.
            if (e.label.endsWith("...")) continue; // an ImageJ 1.x command only, newer than the SciJava twins
            assertEquals("command:" + sciJavaTwin.get(e.label), fiji.commands.get(e.label + "..."), e.label + "...");
        }
        assertEquals("command:" + TrainModelCommand.class.getName(), fiji.commands.get("Train Model..."));
        assertEquals(sciJavaTwin.size() + 1, sciJava.size(), "every SciJava command checked here");
    }

    /** The rule itself, on the cases that matter: an equal label is overridden in place, "X..." is another label. */
    @Test
    void fijiRuleOverridesAnEqualLabelAndCountsTheDotsAsAnotherLabel() {
        List<Ij1Entry> ij1 = List.of(new Ij1Entry(MENU, "A", "ij1.A"), new Ij1Entry(MENU, "B", "ij1.B"));
        List<PluginInfo<Command>> sciJava = List.of(command("sj.A", MENU + ">A"), command("sj.B", MENU + ">B..."),
                command("sj.C", "C..."));
        FijiMenus fiji = new FijiMenus(ij1, sciJava);
        assertEquals(List.of("A", "B", "B..."), fiji.items.get(MENU));
        assertEquals("command:sj.A", fiji.commands.get("A"));
        assertEquals("ij1.B", fiji.commands.get("B"));
        assertEquals("command:sj.B", fiji.commands.get("B..."));
        assertEquals("command:sj.C", fiji.commands.get("C..."));
        assertFalse(fiji.items.containsKey(""), "a leaf-only path makes no menu item");
    }

    private static PluginInfo<Command> command(String className, String menuPath) {
        PluginInfo<Command> info = new PluginInfo<>(className, Command.class);
        info.setMenuPath(new MenuPath(menuPath));
        return info;
    }
}
