package io.github.fijiunet.cli;

import io.github.fijiunet.InvalidOptionException;
import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.OptionValues;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.segment.SegmentationOption;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.TypeConversionException;

import java.util.List;

/**
 * Picocli options made from the option definitions ({@link OptionSpec}s: {@code SegmentationOption},
 * {@code InstanceOption}, {@code ClassificationOption}, {@code TrainingOption}): flag, description,
 * default, range and choices all come from the definition, and every value is parsed by
 * {@link OptionSpec#parse} as in macros and dialogs (a bad value is a command-line error, exit 2,
 * with the option's message), so the CLI cannot drift from the Fiji dialogs and macros.
 */
final class OptionFlags {

    private OptionFlags() {}

    /** Adds {@code option} as {@code --key-name VALUE}. */
    static void add(CommandSpec spec, OptionSpec option) {
        spec.addOption(picocli.CommandLine.Model.OptionSpec.builder(option.flag())
                .type(option.type())
                .arity("1")
                .paramLabel(paramLabel(option))
                .description(description(option))
                .defaultValue(option.defaultText())
                .converters(text -> parse(option, text))
                .build());
    }

    /**
     * Rewrites the annotated flags named after one of {@code options} (a command whose fields hold
     * the values): description from the definition, values parsed by it and converted to the field's type.
     */
    static void describeAnnotated(CommandSpec spec, List<? extends OptionSpec> options) {
        for (OptionSpec option : options) {
            picocli.CommandLine.Model.OptionSpec annotated = spec.findOption(option.flag());
            if (annotated == null) continue;
            Class<?> fieldType = annotated.type();
            spec.remove(annotated);
            spec.addOption(annotated.toBuilder()
                    .description(description(option))
                    .paramLabel(annotated.arity().max == 0 ? annotated.paramLabel() : paramLabel(option))
                    .converters(text -> asFieldType(option, fieldType, parse(option, text)))
                    .build());
        }
    }

    private static Object asFieldType(OptionSpec option, Class<?> fieldType, Object value) {
        if (fieldType == String.class) return option.text(value);
        if (!(value instanceof Number)) return value;
        Number n = (Number) value;
        if (fieldType == float.class || fieldType == Float.class) return n.floatValue();
        if (fieldType == int.class || fieldType == Integer.class) return n.intValue();
        if (fieldType == long.class || fieldType == Long.class) return n.longValue();
        return n.doubleValue();
    }

    private static Object parse(OptionSpec option, String text) {
        try {
            return option.parse(text);
        } catch (InvalidOptionException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** Label, help, range and default, as {@code --help} shows them. */
    static String description(OptionSpec option) {
        StringBuilder sb = new StringBuilder(option.label());
        if (!option.help().isEmpty()) sb.append(": ").append(option.help());
        if (!sb.toString().endsWith(".")) sb.append('.');
        if (option.isNumber() && !Double.isInfinite(option.min())) {
            sb.append(Double.isInfinite(option.max()) ? " At least " + OptionValues.formatNumber(option.min())
                    : " From " + OptionValues.formatNumber(option.min()) + " to " + OptionValues.formatNumber(option.max())).append('.');
        }
        if (option instanceof io.github.fijiunet.post.InstanceOption) {
            // A model may carry its own tuned value (fiji-unet tune), which applies when the flag is not given.
            return sb.append(" Default: the model's own where its descriptor sets one, else ").append(option.defaultText()).append('.').toString();
        }
        return sb.append(" Default: ").append(option.defaultText()).append('.').toString();
    }

    /** {@code true|false} for booleans, the choices ({@code cpu|gpu}), else {@code <key>}. */
    private static String paramLabel(OptionSpec option) {
        if (option.isBoolean()) return "true|false";
        if (!option.choices().isEmpty()) return String.join("|", option.choices());
        return "<" + option.key() + ">";
    }

    /** The value of an option added by {@link #add}: its default when not given. */
    static <T> T value(CommandSpec spec, OptionSpec option) {
        return spec.findOption(option.flag()).getValue();
    }

    static String text(CommandSpec spec, OptionSpec option) {
        return option.text(value(spec, option));
    }

    /** The command line as typed, arguments with shell-special characters single-quoted (for model cards and descriptors). */
    static String typedCommand(CommandSpec spec) {
        // originalArgs are the whole command line, the subcommand name included.
        StringBuilder sb = new StringBuilder("fiji-unet");
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            sb.append(' ').append(arg.matches("[A-Za-z0-9_./=,:+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    /** Whether the user gave the option on the command line (not just its default). */
    static boolean given(CommandSpec spec, OptionSpec option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option.flag());
    }

    /** The device, thread and precision flags shared by every command that loads a model. */
    private static final List<SegmentationOption> RUNTIME = List.of(SegmentationOption.DEVICE, SegmentationOption.THREADS,
            SegmentationOption.PRECISION);

    static void addRuntime(CommandSpec spec) {
        for (SegmentationOption option : RUNTIME) add(spec, option);
    }

    static RuntimeOptions runtime(CommandSpec spec) {
        return new RuntimeOptions(value(spec, SegmentationOption.DEVICE), OptionFlags.<Integer>value(spec, SegmentationOption.THREADS), 0,
                value(spec, SegmentationOption.PRECISION));
    }
}
