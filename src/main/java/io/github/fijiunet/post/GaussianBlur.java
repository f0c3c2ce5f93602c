package io.github.fijiunet.post;

import io.github.fijiunet.InvalidInputException;

import java.util.stream.IntStream;

/** Separable Gaussian smoothing of a float plane; edges repeat the border pixel (as ImageJ does). */
public final class GaussianBlur {

    private GaussianBlur() {}

    /** Columns gathered and convolved together: a strip this wide is read row by row, whole cache lines at a time. */
    private static final int STRIP = 16;

    /**
     * Returns a smoothed copy; sigma in pixels, 0 returns a plain copy. Rows, then strips of
     * columns, run in parallel; each line is convolved exactly as on its own, so the result does
     * not depend on the number of cores.
     */
    public static float[] blur(float[] values, int width, int height, double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) throw new InvalidInputException("Gaussian sigma must be >= 0 pixels, got " + sigma + ".");
        float[] out = values.clone();
        if (sigma == 0) return out;
        float[] kernel = kernel(sigma);
        Bands.run(height, Bands.perCores(), (fromRow, toRow) -> {
            float[] line = new float[width];
            float[] result = new float[width];
            for (int y = fromRow; y < toRow; y++) {
                System.arraycopy(out, y * width, line, 0, width);
                convolve(line, width, kernel, result);
                System.arraycopy(result, 0, out, y * width, width);
            }
        });
        IntStream.range(0, (width + STRIP - 1) / STRIP).parallel().forEach(strip -> {
            int x0 = strip * STRIP;
            int columns = Math.min(STRIP, width - x0);
            float[][] lines = new float[columns][height];
            float[] result = new float[height];
            for (int y = 0; y < height; y++) {
                int row = y * width + x0;
                for (int c = 0; c < columns; c++) lines[c][y] = out[row + c];
            }
            for (int c = 0; c < columns; c++) {
                convolve(lines[c], height, kernel, result);
                System.arraycopy(result, 0, lines[c], 0, height);
            }
            for (int y = 0; y < height; y++) {
                int row = y * width + x0;
                for (int c = 0; c < columns; c++) out[row + c] = lines[c][y];
            }
        });
        return out;
    }

    /** One side of a normalised kernel, radius ceil(3 sigma) (covers 99.7 % of the weight). */
    private static float[] kernel(double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[radius + 1];
        double sum = 0;
        for (int i = 0; i <= radius; i++) {
            k[i] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += i == 0 ? k[i] : 2 * k[i];
        }
        for (int i = 0; i <= radius; i++) k[i] /= (float) sum;
        return k;
    }

    private static void convolve(float[] line, int length, float[] kernel, float[] out) {
        int radius = kernel.length - 1;
        int last = length - 1;
        for (int i = 0; i < length; i++) {
            double sum = kernel[0] * line[i];
            for (int r = 1; r <= radius; r++) {
                int left = i - r < 0 ? 0 : i - r;
                int right = i + r > last ? last : i + r;
                sum += kernel[r] * (line[left] + line[right]);
            }
            out[i] = (float) sum;
        }
    }
}
