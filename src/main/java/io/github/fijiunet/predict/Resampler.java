package io.github.fijiunet.predict;

/**
 * Resizes one row-major float channel, one axis at a time: along an axis that shrinks each output
 * pixel is the area-weighted mean of the input pixels it covers (no aliasing); along an axis that
 * grows (or keeps its size) it is bilinear between pixel centres, edge pixels repeated.
 */
public final class Resampler {

    private Resampler() {}

    public static float[] resize(float[] source, int sourceWidth, int sourceHeight, int targetWidth, int targetHeight) {
        if (source.length != sourceWidth * sourceHeight) {
            throw new IllegalArgumentException(source.length + " pixels for a " + sourceWidth + "x" + sourceHeight + " image");
        }
        if (targetWidth < 1 || targetHeight < 1) throw new IllegalArgumentException("target size " + targetWidth + "x" + targetHeight);
        AxisWeights columns = AxisWeights.of(sourceWidth, targetWidth);
        AxisWeights rows = AxisWeights.of(sourceHeight, targetHeight);
        float[] rowsResized = new float[sourceHeight * targetWidth];
        for (int y = 0; y < sourceHeight; y++) {
            for (int x = 0; x < targetWidth; x++) {
                rowsResized[y * targetWidth + x] = columns.apply(x, source, y * sourceWidth, 1);
            }
        }
        float[] result = new float[targetHeight * targetWidth];
        for (int y = 0; y < targetHeight; y++) {
            for (int x = 0; x < targetWidth; x++) {
                result[y * targetWidth + x] = rows.apply(y, rowsResized, x, targetWidth);
            }
        }
        return result;
    }

    /** For each output index along one axis: the first input index and the weights from there on. */
    static final class AxisWeights {
        private final int[] first;
        private final double[][] weights;

        private AxisWeights(int[] first, double[][] weights) {
            this.first = first;
            this.weights = weights;
        }

        static AxisWeights of(int sourceSize, int targetSize) {
            return targetSize < sourceSize ? areaAverage(sourceSize, targetSize) : bilinear(sourceSize, targetSize);
        }

        /** Output pixel i covers input [i·s, (i+1)·s) with s = source/target; weights are the overlaps / s. */
        private static AxisWeights areaAverage(int sourceSize, int targetSize) {
            double step = (double) sourceSize / targetSize;
            int[] first = new int[targetSize];
            double[][] weights = new double[targetSize][];
            for (int i = 0; i < targetSize; i++) {
                double start = i * step;
                double end = Math.min((i + 1) * step, sourceSize);
                int from = (int) Math.floor(start);
                int to = Math.min((int) Math.ceil(end), sourceSize);
                first[i] = from;
                weights[i] = new double[to - from];
                for (int j = from; j < to; j++) {
                    weights[i][j - from] = (Math.min(end, j + 1) - Math.max(start, j)) / step;
                }
            }
            return new AxisWeights(first, weights);
        }

        /** Output pixel centre i + ½ maps to input position (i + ½)·source/target − ½, clamped to the edge pixels. */
        private static AxisWeights bilinear(int sourceSize, int targetSize) {
            double scale = (double) sourceSize / targetSize;
            int[] first = new int[targetSize];
            double[][] weights = new double[targetSize][];
            for (int i = 0; i < targetSize; i++) {
                double position = Math.max(0, Math.min((i + 0.5) * scale - 0.5, sourceSize - 1));
                int below = (int) Math.floor(position);
                double fraction = position - below;
                first[i] = below;
                weights[i] = below + 1 < sourceSize ? new double[] {1 - fraction, fraction} : new double[] {1};
            }
            return new AxisWeights(first, weights);
        }

        float apply(int index, float[] values, int offset, int stride) {
            double[] w = weights[index];
            int position = offset + first[index] * stride;
            double sum = 0;
            for (int k = 0; k < w.length; k++, position += stride) sum += w[k] * values[position];
            return (float) sum;
        }
    }
}
