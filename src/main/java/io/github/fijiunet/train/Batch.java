package io.github.fijiunet.train;

/** One batch in NHWC (images) and NHWC or [N, classes] (one-hot targets) layout, ready for tensors. */
public final class Batch {

    final float[] inputs;
    final long[] inputShape;
    final float[] targets;
    final long[] targetShape;

    Batch(float[] inputs, long[] inputShape, float[] targets, long[] targetShape) {
        this.inputs = inputs;
        this.inputShape = inputShape;
        this.targets = targets;
        this.targetShape = targetShape;
    }

    int size() {
        return (int) inputShape[0];
    }
}
