package io.github.fijiunet.post;

/**
 * The traced outer boundary of one object: a closed polygon through pixel corners (integer
 * coordinates, clockwise on screen, one vertex per direction change), as ImageJ's Wand traces it.
 */
public final class ObjectOutline {

    private final int label;
    private final int plane;
    private final int[] xs;
    private final int[] ys;

    public ObjectOutline(int label, int plane, int[] xs, int[] ys) {
        if (xs.length != ys.length) throw new IllegalArgumentException("xs and ys differ in length");
        this.label = label;
        this.plane = plane;
        this.xs = xs;
        this.ys = ys;
    }

    /** The same outline relabelled and moved by whole pixels (a block's object placed in its whole plane). */
    public ObjectOutline moved(int newLabel, int dx, int dy) {
        int[] movedXs = new int[xs.length];
        int[] movedYs = new int[ys.length];
        for (int i = 0; i < xs.length; i++) {
            movedXs[i] = xs[i] + dx;
            movedYs[i] = ys[i] + dy;
        }
        return new ObjectOutline(newLabel, plane, movedXs, movedYs);
    }

    public int label() {
        return label;
    }

    /** 0-based plane index within the stack (0 for a single image). */
    public int plane() {
        return plane;
    }

    public int pointCount() {
        return xs.length;
    }

    /** Vertex x coordinates (the live array; do not modify). */
    public int[] xs() {
        return xs;
    }

    /** Vertex y coordinates (the live array; do not modify). */
    public int[] ys() {
        return ys;
    }

    /**
     * Perimeter the way ImageJ measures traced ROIs ({@code PolygonRoi.getTracedPerimeter}):
     * boundary length with 2 - sqrt(2) (calibrated: w + h - sqrt(w^2 + h^2)) taken off per
     * non-adjacent corner, so staircase diagonals count about sqrt(2) per step.
     */
    public double perimeter(double pixelWidth, double pixelHeight) {
        int n = xs.length;
        if (n < 4) return 0;
        long sumDx = 0;
        long sumDy = 0;
        int corners = 0;
        int dx1 = xs[0] - xs[n - 1];
        int dy1 = ys[0] - ys[n - 1];
        int side1 = Math.abs(dx1) + Math.abs(dy1);
        boolean corner = false;
        for (int i = 0; i < n; i++) {
            int next = i + 1 == n ? 0 : i + 1;
            int dx2 = xs[next] - xs[i];
            int dy2 = ys[next] - ys[i];
            sumDx += Math.abs(dx1);
            sumDy += Math.abs(dy1);
            int side2 = Math.abs(dx2) + Math.abs(dy2);
            if (side1 > 1 || !corner) {
                corner = true;
                corners++;
            } else {
                corner = false;
            }
            dx1 = dx2;
            dy1 = dy2;
            side1 = side2;
        }
        double w = pixelWidth;
        double h = pixelHeight;
        return sumDx * w + sumDy * h - corners * ((w + h) - Math.sqrt(w * w + h * h));
    }
}
