package io.github.fijiunet.fiji;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.OptionValues;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * ImageJ 1.x macro option strings ({@code "model=nuclei-unet threshold=0.5 exclude_border"}) as
 * key/value maps. Values may be bracketed ({@code key=[a b]}) or quoted ({@code key='a b'}); a
 * bare word is a boolean set to true. Unlike {@code ij.Macro.getValue}, keys match whole words
 * only ({@code threshold} does not match {@code seed_threshold=}).
 */
public final class MacroOptions {

    private final Map<String, String> values;

    private MacroOptions(Map<String, String> values) {
        this.values = values;
    }

    public static MacroOptions parse(String options) {
        Map<String, String> map = new LinkedHashMap<>();
        String s = options == null ? "" : options;
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(s.charAt(i))) i++;
            if (i >= n) break;
            int start = i;
            while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) i++;
            String key = s.substring(start, i).toLowerCase(Locale.ROOT);
            if (i >= n || s.charAt(i) != '=') {
                map.put(key, "true");
                continue;
            }
            i++; // '='
            String value;
            if (i < n && s.charAt(i) == '[') {
                int depth = 1;
                int j = i + 1;
                while (j < n && depth > 0) {
                    if (s.charAt(j) == '[') depth++;
                    else if (s.charAt(j) == ']') depth--;
                    j++;
                }
                if (depth != 0) throw new InvalidInputException("Unclosed '[' in macro options after " + key + "=: " + options);
                value = s.substring(i + 1, j - 1);
                i = j;
            } else if (i < n && s.charAt(i) == '\'') {
                int j = s.indexOf('\'', i + 1);
                if (j < 0) throw new InvalidInputException("Unclosed quote in macro options after " + key + "=: " + options);
                value = s.substring(i + 1, j);
                i = j + 1;
            } else {
                int j = i;
                while (j < n && !Character.isWhitespace(s.charAt(j))) j++;
                value = s.substring(i, j);
                i = j;
            }
            map.put(key, value);
        }
        return new MacroOptions(map);
    }

    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public String get(String key, String defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : v;
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : OptionValues.parseBoolean(key, v);
    }

    /** Fails with the list of known keys when the string holds a key outside {@code known}. */
    public void requireKnown(Collection<String> known, String command) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new InvalidInputException("Unknown option '" + key + "' for " + command + ". Known options: "
                        + String.join(", ", known) + ".");
            }
        }
    }

    /** The option string of {@code settings}: their {@link #token}s, in order, separated by spaces. */
    public static String join(Map<String, String> settings) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(token(e.getKey(), e.getValue()));
        }
        return sb.toString();
    }

    /** One {@code key=value} token, bracketed when the value has spaces (as the macro recorder writes it). */
    public static String token(String key, String value) {
        String v = value == null ? "" : value;
        return key + "=" + (v.isEmpty() || v.chars().anyMatch(Character::isWhitespace) ? "[" + v + "]" : v);
    }
}
