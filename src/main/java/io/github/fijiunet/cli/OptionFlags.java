package io.github.fijiunet.cli;

import io.github.fijiunet.InvalidOptionException;
import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.OptionValues;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.segment.SegmentationOption;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Picocli options made from the option enums ({@link OptionSpec}s: {@code SegmentationOption},
 * {@code InstanceOption}, {@code ClassificationOption}): the flag, description and default all
 * come from the enum entry, so the CLI cannot drift from the Fiji dialogs and macros. Numbers are
 * converted by picocli, booleans by {@link OptionValues#parseBoolean} as in macros (a bad value is
 * a command-line error, exit 2); other values are parsed by the enums' own parsers, whose
 * messages list the choices.
 */
final class OptionFlags {

    private OptionFlags() {}

    static void add(CommandSpec spec, OptionSpec option) {
        Object defaultValue = option.defaultValue();
        Class<?> type = defaultValue instanceof Integer || defaultValue instanceof Long || defaultValue instanceof Double
                || defaultValue instanceof Boolean ? defaultValue.getClass() : String.class;
        picocli.CommandLine.Model.OptionSpec.Builder flag = picocli.CommandLine.Model.OptionSpec.builder(option.flag())
                .type(type)
                .arity("1")
                .paramLabel(paramLabel(option))
                .description(option.label() + " (default: " + option.defaultText() + ").")
                .defaultValue(option.defaultText());
        if (defaultValue instanceof Boolean) flag.converters(text -> parseBoolean(option, text));
        spec.addOption(flag.build());
    }

    private static Boolean parseBoolean(OptionSpec option, String text) {
        try {
            return OptionValues.parseBoolean(option.key(), text);
        } catch (InvalidOptionException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** {@code true|false} for booleans, the choices for enums ({@code cpu|gpu}), else {@code <key>}. */
    private static String paramLabel(OptionSpec option) {
        Object defaultValue = option.defaultValue();
        if (defaultValue instanceof Boolean) return "true|false";
        if (defaultValue instanceof Enum) {
            return Arrays.stream(((Enum<?>) defaultValue).getDeclaringClass().getEnumConstants())
                    .map(e -> String.valueOf(e).toLowerCase(Locale.ROOT)).collect(Collectors.joining("|"));
        }
        return "<" + option.key() + ">";
    }

    /** The value of an option added by {@link #add}: its default when not given. */
    static <T> T value(CommandSpec spec, OptionSpec option) {
        return spec.findOption(option.flag()).getValue();
    }

    static String text(CommandSpec spec, OptionSpec option) {
        return String.valueOf((Object) value(spec, option));
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
        return new RuntimeOptions(ComputeDevice.parse(text(spec, SegmentationOption.DEVICE)),
                OptionFlags.<Integer>value(spec, SegmentationOption.THREADS), 0, Precision.parse(text(spec, SegmentationOption.PRECISION)));
    }
}
