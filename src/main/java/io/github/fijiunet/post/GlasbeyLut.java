package io.github.fijiunet.post;

/**
 * A 256-entry lookup table of mutually distinct colours for label images (Glasbey et al. 2007
 * style): entry 0 is black, each further entry is the RGB grid colour farthest, in CIELAB, from
 * all colours chosen before it, skipping very dark ones so objects stand out from the background.
 */
public final class GlasbeyLut {

    private static final int GRID_LEVELS = 16;
    private static final double MIN_LIGHTNESS = 25;
    private static final byte[][] LUT = build();

    private GlasbeyLut() {}

    /** A fresh copy: {@code [0]} reds, {@code [1]} greens, {@code [2]} blues, 256 entries each. */
    public static byte[][] rgb() {
        return new byte[][] {LUT[0].clone(), LUT[1].clone(), LUT[2].clone()};
    }

    private static byte[][] build() {
        int candidates = GRID_LEVELS * GRID_LEVELS * GRID_LEVELS;
        int[] rgb = new int[candidates];
        double[][] lab = new double[candidates][];
        double[] nearest = new double[candidates];
        for (int i = 0; i < candidates; i++) {
            int r = level(i / (GRID_LEVELS * GRID_LEVELS));
            int g = level((i / GRID_LEVELS) % GRID_LEVELS);
            int b = level(i % GRID_LEVELS);
            rgb[i] = (r << 16) | (g << 8) | b;
            lab[i] = toLab(r, g, b);
            nearest[i] = lab[i][0] < MIN_LIGHTNESS ? -1 : Double.POSITIVE_INFINITY;
        }
        byte[][] lut = new byte[3][256];
        double[] chosen = toLab(0, 0, 0);
        for (int entry = 1; entry < 256; entry++) {
            int best = -1;
            for (int i = 0; i < candidates; i++) {
                if (nearest[i] < 0) continue;
                nearest[i] = Math.min(nearest[i], distance(lab[i], chosen));
                if (best < 0 || nearest[i] > nearest[best]) best = i;
            }
            lut[0][entry] = (byte) (rgb[best] >> 16);
            lut[1][entry] = (byte) (rgb[best] >> 8);
            lut[2][entry] = (byte) rgb[best];
            chosen = lab[best];
            nearest[best] = -1;
        }
        return lut;
    }

    private static int level(int i) {
        return Math.round(i * 255f / (GRID_LEVELS - 1));
    }

    private static double distance(double[] a, double[] b) {
        double dl = a[0] - b[0];
        double da = a[1] - b[1];
        double db = a[2] - b[2];
        return dl * dl + da * da + db * db;
    }

    /** sRGB (D65) to CIELAB. */
    private static double[] toLab(int r, int g, int b) {
        double rl = linear(r);
        double gl = linear(g);
        double bl = linear(b);
        double x = (0.4124 * rl + 0.3576 * gl + 0.1805 * bl) / 0.95047;
        double y = 0.2126 * rl + 0.7152 * gl + 0.0722 * bl;
        double z = (0.0193 * rl + 0.1192 * gl + 0.9505 * bl) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double linear(int c) {
        double v = c / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }
}
