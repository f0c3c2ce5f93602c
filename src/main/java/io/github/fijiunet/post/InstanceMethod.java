package io.github.fijiunet.post;

import io.github.fijiunet.InvalidOptionException;
import java.util.Locale;

/** How probabilities become separate objects. */
public enum InstanceMethod {
    /** THREE_CLASS for 3-channel output, DISTANCE_WATERSHED otherwise. */
    AUTO,
    /** [background, boundary, interior] output: interior seeds flooded within the foreground. */
    THREE_CLASS,
    /** Foreground probability: distance-transform maxima flooded within the foreground. */
    DISTANCE_WATERSHED,
    /** Foreground probability: every connected foreground region is one object. */
    CONNECTED_COMPONENTS;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return key();
    }

    public static InstanceMethod parse(String text) {
        for (InstanceMethod m : values()) {
            if (m.key().equalsIgnoreCase(text == null ? "" : text.trim())) return m;
        }
        throw new InvalidOptionException("Unknown instance method '" + text
                + "': use auto, three_class, distance_watershed or connected_components.");
    }
}
