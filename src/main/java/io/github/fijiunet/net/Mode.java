package io.github.fijiunet.net;

/** Whether a network is built for training (batch statistics, dropout on) or inference. */
public enum Mode {
    TRAINING,
    INFERENCE
}
