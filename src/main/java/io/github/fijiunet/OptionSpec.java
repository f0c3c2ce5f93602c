package io.github.fijiunet;

import java.util.Locale;

/**
 * One user-facing option: its key (macro {@code key=value}, CLI {@code --key-name}), dialog label
 * and default. The option enums implement it, so dialogs, macro parsing and the CLI read the same
 * definitions.
 */
public interface OptionSpec {

    /** Macro / CLI key (snake case). */
    String key();

    String label();

    /** The default, typed as the option's value. */
    Object defaultValue();

    /** CLI flag spelling, e.g. {@code --min-size} for {@code min_size}. */
    default String flag() {
        return "--" + key().replace('_', '-');
    }

    /** The default as macros and the CLI write it. */
    default String defaultText() {
        return String.valueOf(defaultValue()).toLowerCase(Locale.ROOT);
    }
}
