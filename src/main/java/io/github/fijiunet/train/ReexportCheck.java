package io.github.fijiunet.train;

/**
 * What one re-export did: the largest absolute output difference of the new float32 graph and of
 * its bfloat16 twin from the old graph, and on how many inputs they were measured.
 */
public final class ReexportCheck {
    public final double maxDifference;
    public final double maxBfloat16Difference;
    public final int inputs;

    public ReexportCheck(double maxDifference, double maxBfloat16Difference, int inputs) {
        this.maxDifference = maxDifference;
        this.maxBfloat16Difference = maxBfloat16Difference;
        this.inputs = inputs;
    }
}
