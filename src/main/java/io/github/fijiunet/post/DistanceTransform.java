package io.github.fijiunet.post;

/**
 * Exact Euclidean distance transform (Felzenszwalb and Huttenlocher, "Distance Transforms of
 * Sampled Functions", 2012): two passes of the linear-time 1D lower-envelope transform. Each
 * foreground pixel gets its distance to the nearest background pixel of the plane; pixels beyond
 * the plane do not count as background (as ImageJ's EDM by default).
 */
public final class DistanceTransform {

    /** Stands in for "no background on this line" without producing NaN in the envelope maths. */
    private static final double FAR = 1e20;

    private DistanceTransform() {}

    /**
     * Euclidean distances (0 on background). A plane without any background pixel gets
     * {@link Float#POSITIVE_INFINITY} everywhere.
     */
    public static float[] euclidean(boolean[] foreground, int width, int height) {
        return transform(foreground, width, height, true);
    }

    /** Squared Euclidean distances (values >= 1e19 mean no background in the plane). */
    public static float[] squaredEuclidean(boolean[] foreground, int width, int height) {
        return transform(foreground, width, height, false);
    }

    /**
     * Both passes, each in bands run in parallel on large planes: columns are independent in the
     * first pass and rows in the second, so the values are those of one thread.
     */
    private static float[] transform(boolean[] foreground, int width, int height, boolean root) {
        return transform(foreground, width, height, root, Bands.forPixels(foreground.length));
    }

    static float[] transform(boolean[] foreground, int width, int height, boolean root, int bands) {
        float[] out = new float[foreground.length];
        Bands.run(width, bands, (from, to) -> columnDistances(foreground, width, height, from, to, out));
        Bands.run(height, bands, (from, to) -> rowDistances(out, width, from, to, root));
        return out;
    }

    /** The second pass over rows {@code [fromRow, toRow)}, the square root taken at once for {@code root}. */
    private static void rowDistances(float[] out, int width, int fromRow, int toRow, boolean root) {
        double[] f = new double[width];
        double[] d = new double[width];
        int[] v = new int[width];
        double[] z = new double[width + 1];
        for (int y = fromRow; y < toRow; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) f[x] = out[row + x];
            transform1d(f, width, d, v, z);
            if (root) {
                for (int x = 0; x < width; x++) {
                    float squared = (float) d[x];
                    out[row + x] = squared >= FAR / 2 ? Float.POSITIVE_INFINITY : (float) Math.sqrt(squared);
                }
            } else {
                for (int x = 0; x < width; x++) out[row + x] = (float) d[x];
            }
        }
    }

    /**
     * The first pass: each pixel's squared distance to the nearest background pixel of its column
     * ({@link #FAR} without one). For a binary image the lower envelope of the column's parabolas
     * is exactly that, so two linear scans down and up the rows (reading memory in order, where the
     * envelope walked the columns) give the same values.
     */
    private static void columnDistances(boolean[] foreground, int width, int height, int fromColumn, int toColumn, float[] out) {
        int[] run = new int[toColumn - fromColumn]; // rows since the last background pixel above, -1 when there was none
        java.util.Arrays.fill(run, -1);
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = fromColumn; x < toColumn; x++) {
                int r = run[x - fromColumn];
                if (!foreground[row + x]) r = 0;
                else if (r >= 0) r++;
                run[x - fromColumn] = r;
                out[row + x] = r < 0 ? (float) FAR : (float) ((double) r * r);
            }
        }
        java.util.Arrays.fill(run, -1);
        for (int y = height - 1; y >= 0; y--) {
            int row = y * width;
            for (int x = fromColumn; x < toColumn; x++) {
                int r = run[x - fromColumn];
                if (!foreground[row + x]) r = 0;
                else if (r >= 0) r++;
                run[x - fromColumn] = r;
                if (r >= 0) {
                    float below = (float) ((double) r * r);
                    if (below < out[row + x]) out[row + x] = below;
                }
            }
        }
    }

    /** Lower envelope of the parabolas q -> (q - p)^2 + f(p), sampled at 0..n-1. */
    private static void transform1d(double[] f, int n, double[] d, int[] v, double[] z) {
        int k = 0;
        v[0] = 0;
        z[0] = Double.NEGATIVE_INFINITY;
        z[1] = Double.POSITIVE_INFINITY;
        for (int q = 1; q < n; q++) {
            double s = intersection(f, q, v[k]);
            while (s <= z[k]) {
                k--;
                s = intersection(f, q, v[k]);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) k++;
            double dq = q - v[k];
            d[q] = Math.min(FAR, dq * dq + f[v[k]]);
        }
    }

    private static double intersection(double[] f, int q, int p) {
        return ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * q - 2.0 * p);
    }
}
