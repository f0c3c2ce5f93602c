package io.github.fijiunet.fiji;

import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.model.ModelCatalog;
import org.scijava.command.DynamicCommand;
import org.scijava.module.ModuleItem;
import org.scijava.module.MutableModuleItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SciJava inputs described by the option definitions. A command declares each option as a
 * {@code @Parameter} field named by the option's key (SciJava finds inputs by annotation, and
 * headless callers pass them by name); its initializer calls {@link #describe}, which gives every
 * such input the option's label, help, range and choices, and {@link #read} turns the inputs into
 * settings. {@code CommandOptionsTest} checks each field's type and default against its option.
 */
final class OptionInputs {

    private OptionInputs() {}

    /** Label, description, range and choices of every input of {@code command} named after one of {@code options}. */
    static void describe(DynamicCommand command, List<? extends OptionSpec> options) {
        for (OptionSpec option : options) {
            ModuleItem<?> item = command.getInfo().getInput(option.key());
            if (item instanceof MutableModuleItem) describe((MutableModuleItem<?>) item, option);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void describe(MutableModuleItem<T> item, OptionSpec option) {
        item.setLabel(option.label());
        item.setDescription(option.help());
        if (!option.choices().isEmpty()) item.setChoices((List<T>) option.choices());
        if (option.isNumber()) {
            if (!Double.isInfinite(option.min())) item.setMinimumValue((T) number(item.getType(), option.min()));
            if (!Double.isInfinite(option.max())) item.setMaximumValue((T) number(item.getType(), option.max()));
        }
    }

    private static Number number(Class<?> type, double value) {
        if (type == int.class || type == Integer.class) return (int) value;
        if (type == long.class || type == Long.class) return (long) value;
        return value;
    }

    /**
     * Sets into {@code settings} every option {@code command} has an input for, instance options
     * only where something resolved them; the others keep their defaults (the model's, for instance options).
     */
    static SegmentCellsSettings read(DynamicCommand command, SegmentCellsSettings settings) {
        for (OptionSpec option : SegmentCellsSettings.OPTIONS) {
            if (command.getInfo().getInput(option.key()) == null) continue;
            // An instance option nobody set (a macro or script that leaves it out) is the model's to choose: the input
            // holds the defaults of the model init() started with, not necessarily of the model asked for. Dialogs and
            // macros resolve the inputs they set.
            if (option instanceof InstanceOption && !command.isInputResolved(option.key())) continue;
            settings.set(option, String.valueOf(command.getInput(option.key())));
        }
        return settings;
    }

    /**
     * Shows in {@code command}'s instance-option inputs the post-processing defaults of {@code model}
     * (a descriptor's "postProcessing"), or the options' own where the model sets none.
     */
    static void showModelDefaults(DynamicCommand command, Map<String, String> modelDefaults) {
        for (InstanceOption option : InstanceOption.values()) {
            ModuleItem<?> item = command.getInfo().getInput(option.key());
            if (item == null) continue;
            Object value = option.parse(modelDefaults.getOrDefault(option.key(), option.defaultText()));
            Class<?> type = item.getType();
            command.setInput(option.key(), type == String.class ? option.text(value) : value);
        }
    }

    /**
     * Gives a String input the catalogue's models of the command's kind (classifiers, or
     * segmentation models) as choices, plus {@code extra} (e.g. a custom-folder entry); returns the
     * catalogue's models it offered (none when the catalogue has none, and the input is left free).
     */
    static List<String> modelChoices(DynamicCommand command, String input, boolean classification, String... extra) {
        List<String> models = ModelCatalog.standard().names(classification);
        if (models.isEmpty()) return models;
        List<String> choices = new ArrayList<>(models);
        choices.addAll(List.of(extra));
        command.getInfo().getMutableInput(input, String.class).setChoices(choices);
        return models;
    }
}
