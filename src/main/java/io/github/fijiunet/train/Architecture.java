package io.github.fijiunet.train;

/** The network families the trainer builds. */
public enum Architecture {
    /** LeNet-5-style classifier on 28×28 grey images. */
    CNN,
    /** U-Net for semantic or instance segmentation. */
    UNET,
    /** U-Net++ with nested skips and optional deep supervision. */
    UNETPP
}
