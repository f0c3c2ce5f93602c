package io.github.fijiunet.post;

import io.github.fijiunet.InvalidInputException;

/** Physical pixel size (as in ImageJ's Calibration) used for calibrated areas, centroids and perimeters. */
public final class PixelCalibration {

    public static final PixelCalibration PIXELS = new PixelCalibration(1, 1, "pixel");

    private final double pixelWidth;
    private final double pixelHeight;
    private final String unit;

    public PixelCalibration(double pixelWidth, double pixelHeight, String unit) {
        if (!(pixelWidth > 0) || !(pixelHeight > 0) || Double.isInfinite(pixelWidth) || Double.isInfinite(pixelHeight)) {
            throw new InvalidInputException("Pixel width and height must be positive, got " + pixelWidth + " x " + pixelHeight
                    + ". Fix the image calibration (Image > Properties).");
        }
        this.pixelWidth = pixelWidth;
        this.pixelHeight = pixelHeight;
        this.unit = unit == null || unit.isEmpty() ? "pixel" : unit;
    }

    public double pixelWidth() {
        return pixelWidth;
    }

    public double pixelHeight() {
        return pixelHeight;
    }

    public String unit() {
        return unit;
    }
}
