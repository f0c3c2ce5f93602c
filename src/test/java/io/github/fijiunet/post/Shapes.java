package io.github.fijiunet.post;

/** Small synthetic label and probability planes for tests. */
public final class Shapes {

    private Shapes() {}

    /** Sets {@code value} on pixels whose centre lies within {@code radius} of (cx, cy). */
    public static void disk(int[] plane, int width, double cx, double cy, double radius, int value) {
        int height = plane.length / width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                if (dx * dx + dy * dy <= radius * radius) plane[y * width + x] = value;
            }
        }
    }

    public static void rect(int[] plane, int width, int x0, int y0, int w, int h, int value) {
        for (int y = y0; y < y0 + h; y++) for (int x = x0; x < x0 + w; x++) plane[y * width + x] = value;
    }

    public static LabelPlane plane(int width, int height, int[] labels) {
        return LabelPlane.of(width, height, labels);
    }
}
