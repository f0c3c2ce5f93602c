package io.github.fijiunet.post;

/** Per-object measurements, calibrated where ImageJ calibrates them; NaN intensities without an image. */
public final class ObjectMeasurement {

    private final int label;
    private final int plane;
    private final long pixelCount;
    private final double area;
    private final double centroidX;
    private final double centroidY;
    private final double mean;
    private final double min;
    private final double max;
    private final double perimeter;
    private final double uncertainty;

    public ObjectMeasurement(int label, int plane, long pixelCount, double area, double centroidX, double centroidY,
            double mean, double min, double max, double perimeter) {
        this(label, plane, pixelCount, area, centroidX, centroidY, mean, min, max, perimeter, Double.NaN);
    }

    public ObjectMeasurement(int label, int plane, long pixelCount, double area, double centroidX, double centroidY,
            double mean, double min, double max, double perimeter, double uncertainty) {
        this.label = label;
        this.plane = plane;
        this.pixelCount = pixelCount;
        this.area = area;
        this.centroidX = centroidX;
        this.centroidY = centroidY;
        this.mean = mean;
        this.min = min;
        this.max = max;
        this.perimeter = perimeter;
        this.uncertainty = uncertainty;
    }

    public int label() { return label; }
    public int plane() { return plane; }
    /** Area in pixels. */
    public long pixelCount() { return pixelCount; }
    /** Calibrated area (pixel count x pixel width x pixel height). */
    public double area() { return area; }
    /** Calibrated centroid: mean of pixel centres (x + 0.5) times the pixel width, as ImageJ's X. */
    public double centroidX() { return centroidX; }
    public double centroidY() { return centroidY; }
    public double mean() { return mean; }
    public double min() { return min; }
    public double max() { return max; }
    /** Calibrated traced perimeter of the outline (ImageJ's Perim. for traced ROIs). */
    public double perimeter() { return perimeter; }
    /** Mean over the object's pixels of the test-time augmentation uncertainty map; NaN without augmentation. */
    public double uncertainty() { return uncertainty; }

    /** The same object relabelled and moved by a calibrated offset (a block's object placed in its whole plane). */
    public ObjectMeasurement moved(int newLabel, double dx, double dy) {
        return new ObjectMeasurement(newLabel, plane, pixelCount, area, centroidX + dx, centroidY + dy, mean, min, max, perimeter, uncertainty);
    }

    /** 4 pi area / perimeter^2, capped at 1 and 0 for a zero perimeter, as ImageJ's Circ. */
    public double circularity() {
        if (perimeter == 0) return 0;
        return Math.min(1.0, 4.0 * Math.PI * (area / (perimeter * perimeter)));
    }
}
