package io.github.fijiunet.cli;

import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.segment.SegmentationOption;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Picocli options made from the option enums ({@code SegmentationOption}, {@code InstanceOption},
 * {@code ClassificationOption}): the flag, description and default all come from the enum entry,
 * so the CLI cannot drift from the Fiji dialogs and macros. Numbers and booleans are converted by
 * picocli (a bad value is a command-line error, exit 2); other values are parsed by the enums' own
 * parsers, whose messages list the choices.
 */
final class OptionFlags {

    private OptionFlags() {}

    static void add(CommandSpec spec, String flag, String key, String label, Object defaultValue, String defaultText) {
        Class<?> type = defaultValue instanceof Integer || defaultValue instanceof Long || defaultValue instanceof Double
                || defaultValue instanceof Boolean ? defaultValue.getClass() : String.class;
        spec.addOption(OptionSpec.builder(flag)
                .type(type)
                .arity("1")
                .paramLabel(paramLabel(key, defaultValue))
                .description(label + " (default: " + defaultText + ").")
                .defaultValue(defaultText)
                .build());
    }

    /** {@code true|false} for booleans, the choices for enums ({@code cpu|gpu}), else {@code <key>}. */
    private static String paramLabel(String key, Object defaultValue) {
        if (defaultValue instanceof Boolean) return "true|false";
        if (defaultValue instanceof Enum) {
            return Arrays.stream(((Enum<?>) defaultValue).getDeclaringClass().getEnumConstants())
                    .map(e -> String.valueOf(e).toLowerCase(Locale.ROOT)).collect(Collectors.joining("|"));
        }
        return "<" + key + ">";
    }

    static void add(CommandSpec spec, SegmentationOption option) {
        add(spec, option.flag(), option.key(), option.label(), option.defaultValue(), option.defaultText());
    }

    /** The value of an option added by {@link #add}: its default when not given. */
    static <T> T value(CommandSpec spec, String flag) {
        return spec.findOption(flag).getValue();
    }

    static String text(CommandSpec spec, String flag) {
        return String.valueOf((Object) value(spec, flag));
    }

    /** Whether the user gave {@code flag} on the command line (not just its default). */
    static boolean given(CommandSpec spec, String flag) {
        return spec.commandLine().getParseResult().hasMatchedOption(flag);
    }

    /** Adds the device and thread flags shared by every command that loads a model. */
    static void addRuntime(CommandSpec spec) {
        add(spec, SegmentationOption.DEVICE);
        add(spec, SegmentationOption.THREADS);
    }

    static RuntimeOptions runtime(CommandSpec spec) {
        return new RuntimeOptions(ComputeDevice.parse(text(spec, SegmentationOption.DEVICE.flag())),
                OptionFlags.<Integer>value(spec, SegmentationOption.THREADS.flag()), 0);
    }
}
