package io.github.fijiunet;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One user-facing option, defined once: key (macro {@code key=value}, CLI {@code --key-name},
 * SciJava input name), dialog label, type and default (the default's class), range or choices,
 * and help. The option enums implement it by holding a {@link Definition}; Fiji dialogs, SciJava
 * inputs, macro parsing and the CLI are generated from those definitions (or checked against
 * them by tests), and every front end parses values with {@link #parse}.
 */
public interface OptionSpec {

    /** Key, label, default, range and help of one option; type and choices follow from the default. */
    final class Definition {
        private final String key;
        private final String label;
        private final Object defaultValue;
        private double min = Double.NEGATIVE_INFINITY;
        private double max = Double.POSITIVE_INFINITY;
        private String help = "";
        private Function<String, ?> parser;
        private List<String> choices = Collections.emptyList();
        private String accepts;

        private Definition(String key, String label, Object defaultValue) {
            this.key = key;
            this.label = label;
            this.defaultValue = defaultValue;
        }

        /**
         * An option whose type is that of {@code defaultValue}: Boolean, Integer, Long, Double,
         * String, an enum (choices are its constants' lower-case names) or a type with its own
         * {@link #parser}.
         */
        public static Definition of(String key, String label, Object defaultValue) {
            return new Definition(key, label, defaultValue);
        }

        /** Smallest and largest accepted number (inclusive). */
        public Definition range(double min, double max) {
            this.min = min;
            this.max = max;
            return this;
        }

        public Definition min(double min) {
            return range(min, Double.POSITIVE_INFINITY);
        }

        /** One sentence for tooltips, CLI help and the README's option table. */
        public Definition help(String help) {
            this.help = help;
            return this;
        }

        /** The accepted values of a text option (enum options take their constants'). */
        public Definition choices(String... choices) {
            this.choices = List.of(choices);
            return this;
        }

        /** What a value with its own {@link #parser} may be, for help texts (e.g. "0-1 or otsu"). */
        public Definition accepts(String accepts) {
            this.accepts = accepts;
            return this;
        }

        /** Parser for a type that is neither a number, boolean, string nor enum (e.g. a threshold). */
        public Definition parser(Function<String, ?> parser) {
            this.parser = parser;
            return this;
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

    default String help() {
        return definition().help;
    }

    /** The default, typed as the option's value. */
    default Object defaultValue() {
        return definition().defaultValue;
    }

    /** The value type: the default's class (an enum's declaring class). */
    default Class<?> type() {
        Object d = defaultValue();
        return d instanceof Enum ? ((Enum<?>) d).getDeclaringClass() : d.getClass();
    }

    default boolean isBoolean() {
        return type() == Boolean.class;
    }

    /** Integer, Long or Double. */
    default boolean isNumber() {
        return Number.class.isAssignableFrom(type());
    }

    /** What the option accepts, in words: "true/false", its choices, a number and its range, or what its parser takes. */
    default String accepts() {
        if (definition().accepts != null) return definition().accepts;
        if (isBoolean()) return "true/false";
        if (!choices().isEmpty()) return String.join(", ", choices());
        if (!isNumber()) return "text";
        String kind = type() == Double.class ? "number" : "whole number";
        if (Double.isInfinite(min())) return kind;
        return kind + (Double.isInfinite(max()) ? " >= " + OptionValues.formatNumber(min())
                : " " + OptionValues.formatNumber(min()) + "-" + OptionValues.formatNumber(max()));
    }

    default double min() {
        return definition().min;
    }

    default double max() {
        return definition().max;
    }

    /** The accepted spellings of an enum option (in declaration order) or of a text option with choices; else empty. */
    default List<String> choices() {
        if (!type().isEnum()) return definition().choices;
        List<String> choices = new ArrayList<>();
        for (Object constant : type().getEnumConstants()) choices.add(text(constant));
        return choices;
    }

    /**
     * The value {@code text} stands for, typed as the default and checked against range and
     * choices. The one parser of every front end: an {@link InvalidOptionException} naming the
     * option and what it accepts otherwise.
     */
    default Object parse(String text) {
        Definition d = definition();
        if (d.parser != null) return d.parser.apply(text);
        Class<?> type = type();
        if (type == Boolean.class) return OptionValues.parseBoolean(key(), text);
        List<String> choices = choices();
        if (type == String.class && choices.isEmpty()) return text == null ? "" : text;
        String t = text == null ? "" : text.trim();
        if (!choices.isEmpty()) {
            for (int i = 0; i < choices.size(); i++) {
                if (type == String.class && choices.get(i).equalsIgnoreCase(t)) return choices.get(i);
                if (type.isEnum() && (choices.get(i).equalsIgnoreCase(t) || ((Enum<?>) type.getEnumConstants()[i]).name().equalsIgnoreCase(t))) {
                    return type.getEnumConstants()[i];
                }
            }
            throw new InvalidOptionException("Option " + key() + " must be one of " + String.join(", ", choices) + ", got '" + text + "'.");
        }
        Number value;
        try {
            if (type == Integer.class) value = Integer.valueOf(t);
            else if (type == Long.class) value = Long.valueOf(t);
            else value = Double.valueOf(t);
        } catch (NumberFormatException e) {
            throw new InvalidOptionException("Option " + key() + " needs " + (type == Double.class ? "a number" : "a whole number")
                    + ", got '" + text + "'.");
        }
        requireInRange(value.doubleValue());
        return value;
    }

    /** Fails naming the option and its range when {@code value} lies outside it (or is NaN). */
    default void requireInRange(double value) {
        if (!(value >= min() && value <= max())) {
            String range = Double.isInfinite(max()) ? ">= " + OptionValues.formatNumber(min()) : "between " + OptionValues.formatNumber(min()) + " and " + OptionValues.formatNumber(max());
            throw new InvalidOptionException("Option " + key() + " must be " + range + ", got " + OptionValues.formatNumber(value) + ".");
        }
    }

    /** {@code value} as macros, the CLI and the recorder write it (enums in their choice spelling). */
    default String text(Object value) {
        return value instanceof Enum ? String.valueOf(value).toLowerCase(Locale.ROOT) : String.valueOf(value);
    }

    /** The default as macros and the CLI write it. */
    default String defaultText() {
        return text(defaultValue());
    }

    /** CLI flag spelling, e.g. {@code --min-size} for {@code min_size}. */
    default String flag() {
        return "--" + key().replace('_', '-');
    }

    /** Decimal places a dialog's number field shows: none for whole numbers, enough for the default otherwise. */
    default int decimals() {
        if (type() != Double.class) return 0;
        int scale = BigDecimal.valueOf((Double) defaultValue()).stripTrailingZeros().scale();
        return Math.max(1, Math.min(6, scale));
    }
}
