package io.github.fijiunet.io;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.Prefs;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A TIFF plane read in place gives the pixels and calibration ImageJ gives when it opens the file. */
class TiffPlaneFileTest {

    @TempDir
    Path dir;

    @Test
    void windowsReadTheValuesImageJReads() {
        Random random = new Random(7);
        ShortProcessor shorts = new ShortProcessor(97, 61);
        FloatProcessor floats = new FloatProcessor(97, 61);
        for (int i = 0; i < 97 * 61; i++) {
            shorts.set(i, random.nextInt(65536));
            floats.setf(i, (float) random.nextGaussian() * 1000);
        }
        ImageProcessor bytes = shorts.convertToByte(true);
        boolean intel = Prefs.intelByteOrder;
        try {
            for (boolean littleEndian : new boolean[] {false, true}) {
                Prefs.intelByteOrder = littleEndian;
                for (ImageProcessor ip : new ImageProcessor[] {bytes, shorts, floats}) {
                    Path file = dir.resolve(ip.getBitDepth() + "-" + littleEndian + ".tif");
                    assertTrue(new FileSaver(new ImagePlus("plane", ip)).saveAsTiff(file.toString()));
                    ImageProcessor opened = IJ.openImage(file.toString()).getProcessor();
                    try (TiffPlaneFile plane = TiffPlaneFile.open(file).orElseThrow()) {
                        assertEquals(97, plane.width());
                        assertEquals(61, plane.height());
                        assertEquals(ip.getBitDepth() == 32, plane.isFloatingPoint());
                        float[] row = new float[2 * 40];
                        for (int y = 0; y < 61; y += 5) {
                            plane.readRow(0, y, 30, 40, row, 1, 2);
                            for (int i = 0; i < 40; i++) assertEquals(opened.getf(30 + i, y), row[1 + 2 * i], file + " at " + (30 + i) + "," + y);
                        }
                    }
                }
            }
        } finally {
            Prefs.intelByteOrder = intel;
        }
    }

    @Test
    void theCalibrationIsImageJs() {
        ImagePlus imp = new ImagePlus("plane", new ShortProcessor(20, 10));
        imp.getCalibration().pixelWidth = 0.325;
        imp.getCalibration().pixelHeight = 0.5;
        imp.getCalibration().setUnit("micron");
        Path file = dir.resolve("calibrated.tif");
        assertTrue(new FileSaver(imp).saveAsTiff(file.toString()));
        ij.measure.Calibration opened = IJ.openImage(file.toString()).getCalibration();
        try (TiffPlaneFile plane = TiffPlaneFile.open(file).orElseThrow()) {
            // The TIFF's resolution is a rational: ImageJ reads back 0.325000008..., and so must we.
            assertEquals(opened.pixelWidth, plane.calibration().pixelWidth);
            assertEquals(opened.pixelHeight, plane.calibration().pixelHeight);
            assertEquals(0.325, plane.calibration().pixelWidth, 1e-6);
            assertEquals("micron", plane.calibration().getUnit());
        }
    }

    @Test
    void stacksAndOtherFormatsAreOpenedWhole() {
        ImageStack stack = new ImageStack(8, 8);
        stack.addSlice(new ShortProcessor(8, 8));
        stack.addSlice(new ShortProcessor(8, 8));
        Path tiff = dir.resolve("stack.tif");
        assertTrue(new FileSaver(new ImagePlus("stack", stack)).saveAsTiffStack(tiff.toString()));
        assertFalse(TiffPlaneFile.open(tiff).isPresent());
        Path png = dir.resolve("plane.png");
        assertTrue(new FileSaver(new ImagePlus("plane", new ShortProcessor(8, 8).convertToByte(false))).saveAsPng(png.toString()));
        assertFalse(TiffPlaneFile.open(png).isPresent());
    }
}
