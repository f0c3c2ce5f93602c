package io.github.fijiunet.model;

import io.github.fijiunet.InvalidOptionException;

/** Where TensorFlow runs a model. */
public enum ComputeDevice {
    CPU,
    /** The first CUDA GPU (/GPU:0); falls back to CPU with a warning where there is none. */
    GPU;

    /** Parses "cpu"/"gpu" (any case) with a message that lists the choices. */
    public static ComputeDevice parse(String text) {
        for (ComputeDevice d : values()) {
            if (d.name().equalsIgnoreCase(text == null ? "" : text.trim())) return d;
        }
        throw new InvalidOptionException("Unknown device \"" + text + "\": choose CPU or GPU.");
    }
}
