package io.github.fijiunet;

import java.util.Locale;

/**
 * One user-facing option: its key (macro {@code key=value}, CLI {@code --key-name}), dialog label
 * and default. The option enums implement it by holding a {@link Definition}, so dialogs, macro
 * parsing and the CLI read the same definitions.
 */
public interface OptionSpec {

    /** Key, label and default of one option. */
    final class Definition {
        private final String key;
        private final String label;
        private final Object defaultValue;

        public Definition(String key, String label, Object defaultValue) {
            this.key = key;
            this.label = label;
            this.defaultValue = defaultValue;
        }
    }

    Definition definition();

    /** Macro / CLI key (snake case). */
    default String key() {
        return definition().key;
    }

    default String label() {
        return definition().label;
    }

    /** The default, typed as the option's value. */
    default Object defaultValue() {
        return definition().defaultValue;
    }

    /** CLI flag spelling, e.g. {@code --min-size} for {@code min_size}. */
    default String flag() {
        return "--" + key().replace('_', '-');
    }

    /** The default as macros and the CLI write it. */
    default String defaultText() {
        return String.valueOf(defaultValue()).toLowerCase(Locale.ROOT);
    }
}
