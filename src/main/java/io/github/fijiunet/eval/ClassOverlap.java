package io.github.fijiunet.eval;

/**
 * Pixel counts of one class in truth and prediction, with IoU and Dice. A class in neither is
 * perfect agreement (IoU and Dice 1): an empty image segmented as empty is right, not undefined.
 */
public final class ClassOverlap {

    private final int classIndex;
    private final long truthPixels;
    private final long predictedPixels;
    private final long intersection;

    public ClassOverlap(int classIndex, long truthPixels, long predictedPixels, long intersection) {
        this.classIndex = classIndex;
        this.truthPixels = truthPixels;
        this.predictedPixels = predictedPixels;
        this.intersection = intersection;
    }

    public int classIndex() { return classIndex; }
    public long truthPixels() { return truthPixels; }
    public long predictedPixels() { return predictedPixels; }
    public long intersection() { return intersection; }

    public long union() {
        return truthPixels + predictedPixels - intersection;
    }

    public double iou() {
        long union = union();
        return union == 0 ? 1 : intersection / (double) union;
    }

    public double dice() {
        long sum = truthPixels + predictedPixels;
        return sum == 0 ? 1 : 2.0 * intersection / sum;
    }

    public ClassOverlap plus(ClassOverlap other) {
        return new ClassOverlap(classIndex, truthPixels + other.truthPixels, predictedPixels + other.predictedPixels,
                intersection + other.intersection);
    }
}
