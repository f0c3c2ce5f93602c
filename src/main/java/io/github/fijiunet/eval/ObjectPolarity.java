package io.github.fijiunet.eval;

import io.github.fijiunet.InvalidOptionException;
import java.util.Locale;

/** Whether objects are brighter or darker than the background; AUTO takes the smaller Otsu phase. */
public enum ObjectPolarity {
    AUTO, BRIGHT, DARK;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ObjectPolarity parse(String text) {
        for (ObjectPolarity p : values()) if (p.name().equalsIgnoreCase(text == null ? "" : text.trim())) return p;
        throw new InvalidOptionException("Object polarity must be auto, bright or dark, got '" + text + "'.");
    }
}
