package io.github.fijiunet.train;

/** One batch in NHWC (images) and NHWC or [N, classes] (one-hot targets) layout, ready for tensors. */
public final class Batch {

    public final float[] inputs;
    public final long[] inputShape;
    public final float[] targets;
    public final long[] targetShape;

    Batch(float[] inputs, long[] inputShape, float[] targets, long[] targetShape) {
        this.inputs = inputs;
        this.inputShape = inputShape;
        this.targets = targets;
        this.targetShape = targetShape;
    }

    public int size() {
        return (int) inputShape[0];
    }
}
