package io.github.fijiunet.model;

import io.github.fijiunet.InvalidOptionException;

import java.util.Locale;

/**
 * The arithmetic of a model's layers, when it runs and when it trains. Input, output
 * probabilities, weights and everything around the network stay float32 either way.
 */
public enum Precision {
    /** Exact float32 convolutions: the same numbers on every machine. */
    FLOAT32,
    /**
     * bfloat16 convolutions (float32's range, 8-bit mantissa): about 1.7× faster on CPUs with
     * AVX512-BF16 or AMX instructions; probabilities differ from float32 by about 0.01. Running
     * needs a model exported with a bfloat16 graph ({@link ModelDescriptor#bfloat16Signature()});
     * training steps run 1.2–1.6× faster.
     */
    BFLOAT16;

    /** The option's label wherever users choose it (segmentation and training; a constant so that SciJava annotations can use it). */
    public static final String LABEL = "Faster arithmetic (bfloat16, newer CPUs)";

    /** "float32" or "bfloat16", as macros, the CLI and model cards write it. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "float32"/"bfloat16" (any case) with a message that lists the choices. */
    public static Precision parse(String text) {
        for (Precision p : values()) {
            if (p.name().equalsIgnoreCase(text == null ? "" : text.trim())) return p;
        }
        throw new InvalidOptionException("Unknown precision \"" + text + "\": choose float32 or bfloat16.");
    }
}
