package io.github.fijiunet.train;

/** The network families the trainer builds. */
public enum Architecture {
    /** LeNet-5-style classifier on {@value #CNN_INPUT_SIZE}×{@value #CNN_INPUT_SIZE} grey images. */
    CNN,
    /** U-Net for semantic or instance segmentation. */
    UNET,
    /** U-Net++ with nested skips and optional deep supervision. */
    UNETPP;

    /** The CNN's input height and width: samples and object crops are resized to it. */
    public static final int CNN_INPUT_SIZE = 28;
}
