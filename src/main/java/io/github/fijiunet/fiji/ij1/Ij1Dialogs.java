package io.github.fijiunet.fiji.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;
import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.OptionValues;
import io.github.fijiunet.fiji.MacroOptions;
import io.github.fijiunet.fiji.SegmentCellsCommand;
import io.github.fijiunet.fiji.SegmentCellsSettings;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.workflow.ImageSegmentation;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.TextField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Helpers shared by the ImageJ 1.x plugins. In a macro ({@code Macro.getOptions() != null}) the
 * plugins read the option string themselves with the option enums' keys ({@link MacroOptions});
 * {@code GenericDialog} would derive keys from the first word of each label instead, and its
 * {@code Macro.getValue} also matches {@code threshold=} inside {@code seed_threshold=}.
 * Interactively they show a {@code GenericDialog} and then record the enums' keys, not the
 * dialog's, so a recorded line replays through the same parser. Dialog fields are made from
 * the option definitions ({@link #addField}, {@link #readField}).
 */
final class Ij1Dialogs {

    private Ij1Dialogs() {}

    /** Replaces what the dialog recorded with {@code key=value} for every setting. */
    static void record(Map<String, String> settings) {
        if (!Recorder.record) return;
        Recorder.resetCommandOptions();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String token = MacroOptions.token(e.getKey(), e.getValue());
            Recorder.recordOption(e.getKey(), token.substring(e.getKey().length() + 1));
        }
    }

    /** As {@link #recordAndJoin}, and keeps the settings for the dialog's next opening ({@link #remember}, {@link #lastOptions}). */
    static String recordAndRemember(String prefsKey, Map<String, String> settings) {
        String options = recordAndJoin(settings);
        remember(prefsKey, settings);
        return options;
    }

    /** The options of the dialog's last OK ({@link #recordAndRemember}); none when there was none or they do not parse. */
    static MacroOptions lastOptions(String prefsKey) {
        try {
            return MacroOptions.parse(Prefs.get(prefsKey, ""));
        } catch (RuntimeException e) {
            return MacroOptions.parse("");
        }
    }

    /** Records {@code settings} (see {@link #record}) and returns them as the option string they stand for. */
    static String recordAndJoin(Map<String, String> settings) {
        record(settings);
        return MacroOptions.join(settings);
    }

    /** The field {@code option}'s type calls for, labelled by the option and showing {@code text}; returns the field. */
    static Component addField(GenericDialog gd, OptionSpec option, String text) {
        if (option.isBoolean()) {
            gd.addCheckbox(option.label(), OptionValues.parseBoolean(option.key(), text));
            return (Component) gd.getCheckboxes().lastElement();
        }
        if (!option.choices().isEmpty()) {
            gd.addChoice(option.label(), option.choices().toArray(new String[0]), text);
            return (Component) gd.getChoices().lastElement();
        }
        if (option.isNumber()) {
            gd.addNumericField(option.label(), Double.parseDouble(text), option.decimals());
            return (Component) gd.getNumericFields().lastElement();
        }
        gd.addStringField(option.label(), text, 12);
        return (Component) gd.getStringFields().lastElement();
    }

    /**
     * A field per option, showing the value in {@code settings}, or for an instance option it does
     * not set, the default of {@code settings}' model; when the user picks another model in
     * {@code modelChoice}, the instance-option fields switch to that model's defaults (as StarDist's
     * dialog takes a model's thresholds).
     */
    static void addFieldsFollowingModel(GenericDialog gd, Choice modelChoice, List<OptionSpec> options, SegmentCellsSettings settings) {
        Map<OptionSpec, Component> fields = new java.util.LinkedHashMap<>();
        Map<String, String> defaults = SegmentCellsSettings.modelDefaults(settings.model());
        for (OptionSpec o : options) fields.put(o, addField(gd, o, settings.text(o, defaults)));
        gd.addDialogListener((dialog, event) -> {
            if (event != null && event.getSource() == modelChoice) {
                Map<String, String> chosen = SegmentCellsSettings.modelDefaults(modelChoice.getSelectedItem());
                for (Map.Entry<OptionSpec, Component> f : fields.entrySet()) {
                    if (f.getKey() instanceof InstanceOption) show(f.getValue(), f.getKey(), new SegmentCellsSettings().text(f.getKey(), chosen));
                }
            }
            return true;
        });
    }

    private static void show(Component field, OptionSpec option, String text) {
        if (field instanceof Checkbox) ((Checkbox) field).setState(OptionValues.parseBoolean(option.key(), text));
        else if (field instanceof Choice) ((Choice) field).select(text);
        else ((TextField) field).setText(text);
    }

    /**
     * Keeps {@code settings} under {@code prefsKey} for the dialog's next opening, less the instance
     * options equal to the chosen model's defaults, so those follow the model when it is re-tuned.
     */
    static void remember(String prefsKey, Map<String, String> settings) {
        Map<String, String> kept = new java.util.LinkedHashMap<>(settings);
        Map<String, String> defaults = SegmentCellsSettings.modelDefaults(settings.getOrDefault(SegmentationOption.MODEL.key(), ""));
        SegmentCellsSettings none = new SegmentCellsSettings();
        for (InstanceOption o : InstanceOption.values()) {
            if (o.text(o.parse(kept.getOrDefault(o.key(), o.defaultText()))).equals(none.text(o, defaults))) kept.remove(o.key());
        }
        Prefs.set(prefsKey, MacroOptions.join(kept));
    }

    /** The text of the field {@link #addField} added for {@code option}; the option parses it. */
    static String readField(GenericDialog gd, OptionSpec option) {
        if (option.isBoolean()) return String.valueOf(gd.getNextBoolean());
        if (!option.choices().isEmpty()) return gd.getNextChoice();
        if (option.isNumber()) {
            double v = gd.getNextNumber();
            return option.type() == Double.class || Double.isNaN(v) ? String.valueOf(v) : String.valueOf(Math.round(v));
        }
        return gd.getNextString().trim();
    }

    /**
     * A choice of the catalogue's models of the dialog's kind (plus a custom folder) and the custom
     * folder's field, showing {@code current}; returns the choice.
     */
    static Choice addModelFields(GenericDialog gd, OptionSpec modelOption, String current, boolean classification) {
        List<String> models = new ArrayList<>(ModelCatalog.standard().names(classification));
        models.add(SegmentCellsCommand.CUSTOM_FOLDER);
        boolean listed = models.contains(current);
        String preferred = listed ? current : models.contains(modelOption.defaultText()) ? modelOption.defaultText() : models.get(0);
        boolean folder = !listed && !current.equals(modelOption.defaultText()) && !current.isBlank();
        gd.addChoice(modelOption.label(), models.toArray(new String[0]), folder ? SegmentCellsCommand.CUSTOM_FOLDER : preferred);
        Choice choice = (Choice) gd.getChoices().lastElement();
        gd.addDirectoryField("Custom model folder (or bioimage.io package)", folder ? current : "");
        return choice;
    }

    /**
     * For a calibrated image, a line saying what one pixel measures: the size options are in pixels,
     * the Results in the image's unit (see its Unit column). Nothing for an uncalibrated image.
     */
    static void addPixelSizeNote(GenericDialog gd, ImagePlus imp) {
        if (imp == null) return;
        PixelCalibration c = ImageSegmentation.calibrationOf(imp);
        if (c == PixelCalibration.PIXELS) return;
        gd.addMessage("Sizes below are in pixels: 1 pixel = " + IJ.d2s(c.pixelWidth(), 4, 9) + " x " + IJ.d2s(c.pixelHeight(), 4, 9) + " "
                + c.unit() + " in this image, whose Results are in " + c.unit() + ".");
    }

    /** The model {@link #addModelFields} asked for: a catalogue name or the custom folder. */
    static String readModel(GenericDialog gd) {
        String model = gd.getNextChoice();
        String folder = gd.getNextString().trim();
        return SegmentCellsCommand.CUSTOM_FOLDER.equals(model) ? folder : model;
    }

    /**
     * The settings of the last OK in this dialog (ImageJ's preferences, kept across sessions), or
     * the defaults when there are none or they no longer parse (e.g. an option was removed).
     */
    static SegmentCellsSettings lastSettings(String prefsKey, List<String> extraKeys, String title) {
        String stored = Prefs.get(prefsKey, "");
        try {
            return SegmentCellsSettings.fromMacro(stored, extraKeys, title);
        } catch (RuntimeException e) {
            return new SegmentCellsSettings();
        }
    }

    /**
     * The dialog's Help page, offline: what the command does, every option shown with its help
     * text from the definitions, and the fiji-unet version (GenericDialog shows "<html>" help in
     * a window of its own instead of opening a browser).
     */
    static String help(String title, String summary, List<? extends OptionSpec> options) {
        StringBuilder html = new StringBuilder("<html><h2>").append(escape(title)).append("</h2><p>").append(escape(summary)).append("</p><dl>");
        for (OptionSpec o : options) {
            html.append("<dt><b>").append(escape(o.label())).append("</b> (").append(o.key()).append(", default ")
                    .append(escape(o.defaultText())).append(")</dt><dd>").append(escape(o.help().isEmpty() ? o.accepts() : o.help()))
                    .append("</dd>");
        }
        return html.append("</dl><p>fiji-unet ").append(escape(version()))
                .append(". The README in the fiji-unet repository has the macro keys and examples.</p></html>").toString();
    }

    /** The plugin jar's version, or "(development build)" when run from classes. */
    static String version() {
        String v = Ij1Dialogs.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
