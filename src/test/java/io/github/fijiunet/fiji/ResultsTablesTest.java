package io.github.fijiunet.fiji;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.measure.Measurements;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;
import ij.process.ImageStatistics;
import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.ObjectMeasurement;
import io.github.fijiunet.post.ObjectMeasurements;
import io.github.fijiunet.post.ObjectOutline;
import io.github.fijiunet.post.OutlineTracer;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.workflow.PlaneLayout;
import io.github.fijiunet.workflow.ResultsTables;
import io.github.fijiunet.workflow.Rois;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResultsTablesTest {

    /** Tables written side by side (batch, Spark tasks) come out as one written alone: ImageJ's shared number formats are guarded. */
    @Test
    void tablesFormattedOnSeveralThreadsAreTheSameAsAlone() throws Exception {
        ResultsTable table = new ResultsTable();
        Random random = new Random(3);
        for (int row = 0; row < 300; row++) {
            table.incrementCounter();
            for (String column : new String[] {"Area", "X", "Y", "Mean"}) table.addValue(column, random.nextDouble() * 1000);
        }
        List<String> alone = ResultsTables.csvLines(table);
        // ImageJ makes its formats on first use; forgetting them each round replays a JVM's first tables.
        java.lang.reflect.Field formats = ResultsTable.class.getDeclaredField("df");
        formats.setAccessible(true);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 50; round++) {
                formats.set(null, null);
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<List<String>>> copies = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    copies.add(pool.submit(() -> {
                        start.await();
                        return ResultsTables.csvLines(table);
                    }));
                }
                start.countDown();
                for (java.util.concurrent.Future<List<String>> copy : copies) assertEquals(alone, copy.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void measurementsEqualImageJsOwnForTheSameRois() {
        int w = 50;
        int h = 40;
        LabelPlane labels = RoisTest.randomBlobs(9, w, h);
        Random random = new Random(4);
        byte[] pixels = new byte[w * h];
        float[] intensity = new float[w * h];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
            intensity[i] = pixels[i] & 0xff;
        }
        PixelCalibration cal = new PixelCalibration(0.5, 0.25, "um");
        List<ObjectOutline> outlines = OutlineTracer.trace(labels, 0);
        List<ObjectMeasurement> measured = ObjectMeasurements.measure(labels, intensity, outlines, cal);
        List<Roi> rois = Rois.toRois(outlines, "cell", PlaneLayout.SINGLE_PLANE);

        ImagePlus imp = new ImagePlus("raw", new ByteProcessor(w, h, pixels));
        Calibration c = imp.getCalibration();
        c.pixelWidth = 0.5;
        c.pixelHeight = 0.25;
        c.setUnit("um");
        ResultsTable table = ResultsTables.fill(new ResultsTable(), measured, null, new PlaneLayout(2, 3), cal.unit(), true);
        for (int i = 0; i < rois.size(); i++) {
            Roi roi = rois.get(i);
            imp.setRoi(roi);
            ImageStatistics s = imp.getStatistics(Measurements.AREA | Measurements.MEAN | Measurements.CENTROID | Measurements.MIN_MAX);
            ObjectMeasurement m = measured.get(i);
            assertEquals(roi.getLength(), m.perimeter(), 1e-9, "perimeter " + i);
            assertEquals(roi.getLength(), table.getValue(ResultsTables.PERIMETER, i), 1e-9);
            assertEquals(s.pixelCount, m.pixelCount(), "pixels " + i);
            assertEquals(s.area, m.area(), 1e-9, "area " + i);
            assertEquals(s.mean, m.mean(), 1e-9, "mean " + i);
            assertEquals(s.min, m.min(), 1e-9);
            assertEquals(s.max, m.max(), 1e-9);
            assertEquals(s.xCentroid, m.centroidX(), 1e-9, "x " + i);
            assertEquals(s.yCentroid, m.centroidY(), 1e-9, "y " + i);
            double circularity = Math.min(1, 4 * Math.PI * s.area / (roi.getLength() * roi.getLength()));
            assertEquals(circularity, table.getValue(ResultsTables.CIRCULARITY, i), 1e-9);
            assertEquals(s.area, table.getValue(ResultsTables.AREA, i), 1e-9);
            assertEquals(s.mean, table.getValue(ResultsTables.MEAN, i), 1e-9);
            assertEquals("um", table.getStringValue(ResultsTables.UNIT, i), "the calibration's unit beside ImageJ's column names");
        }
        assertEquals(measured.size(), table.size());
        ResultsTables.setClass(table, 0, "mitotic", 0.93);
        assertEquals("mitotic", table.getStringValue(ResultsTables.CLASS, 0));
        assertEquals(0.93, table.getValue(ResultsTables.PROBABILITY, 0), 1e-12);
    }
}
