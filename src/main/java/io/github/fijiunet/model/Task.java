package io.github.fijiunet.model;

/** What a model's output means, which decides the post-processing that follows it. */
public enum Task {
    /** One probability per class for the whole input (the LeNet-5-style CNN). */
    CLASSIFICATION,
    /** Per-pixel class probabilities (foreground or several classes). */
    SEMANTIC,
    /** Per-pixel background / boundary / interior probabilities, turned into one label per cell. */
    INSTANCE
}
