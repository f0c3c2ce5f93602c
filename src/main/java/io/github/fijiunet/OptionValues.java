package io.github.fijiunet;

import java.util.Locale;

/**
 * Option values read from text (macro {@code key=value}, CLI arguments, dialog state), parsed the
 * same way by every front end. Booleans accept what the recorders write: SciJava's recorder writes
 * {@code key=true}/{@code key=false}, ImageJ 1.x's a bare key for a ticked box (made {@code true}
 * by {@code MacroOptions}); hand-written macros also use on/off, yes/no and 1/0.
 */
public final class OptionValues {

    /** The spellings a boolean option accepts, as error messages list them. */
    public static final String BOOLEAN_SPELLINGS = "true or false (also on/off, yes/no, 1/0)";

    private OptionValues() {}

    /** The boolean {@code text} spells, case-insensitive; otherwise an error naming {@code key}. */
    public static boolean parseBoolean(String key, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "true": case "on": case "yes": case "1": return true;
            case "false": case "off": case "no": case "0": return false;
            default: throw new InvalidOptionException("Option " + key + " must be " + BOOLEAN_SPELLINGS + ", got '" + text + "'.");
        }
    }

    /** A range bound or value as messages and help show it: {@code 0}, {@code 100}, {@code 0.5}. */
    public static String formatNumber(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        return v == Math.rint(v) ? Long.toString((long) v) : java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
