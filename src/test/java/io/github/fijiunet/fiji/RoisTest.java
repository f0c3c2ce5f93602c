package io.github.fijiunet.fiji;

import ij.gui.Overlay;
import ij.gui.Roi;
import ij.io.RoiDecoder;
import ij.plugin.frame.RoiManager;
import ij.process.ImageProcessor;
import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.post.ConnectedComponents;
import io.github.fijiunet.post.Connectivity;
import io.github.fijiunet.post.LabelFilters;
import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.ObjectOutline;
import io.github.fijiunet.post.OutlineTracer;
import io.github.fijiunet.post.Shapes;
import io.github.fijiunet.workflow.PlaneLayout;
import io.github.fijiunet.workflow.Rois;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.GraphicsEnvironment;
import java.awt.Polygon;
import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class RoisTest {

    @TempDir
    Path dir;

    /** Random blobs (touching, odd shapes, holes filled) so the tracer meets concave corners and diagonals. */
    static LabelPlane randomBlobs(long seed, int w, int h) {
        Random random = new Random(seed);
        int[] l = new int[w * h];
        for (int k = 1; k <= 12; k++) {
            double cx = random.nextDouble() * w;
            double cy = random.nextDouble() * h;
            for (int part = 0; part < 3; part++) {
                Shapes.disk(l, w, cx + 4 * random.nextGaussian(), cy + 4 * random.nextGaussian(), 1 + 5 * random.nextDouble(), k);
            }
        }
        LabelPlane blobs = LabelFilters.fillHoles(LabelPlane.of(w, h, l));
        // Over-painting can cut a blob into pieces: give every 8-connected piece its own label.
        int[] pieces = new int[l.length];
        int next = 0;
        for (int label = 1; label <= blobs.maxLabel(); label++) {
            boolean[] mask = new boolean[l.length];
            for (int i = 0; i < l.length; i++) mask[i] = blobs.labels()[i] == label;
            LabelPlane parts = ConnectedComponents.label(mask, w, h, Connectivity.EIGHT);
            for (int i = 0; i < l.length; i++) if (parts.labels()[i] > 0) pieces[i] = next + parts.labels()[i];
            next += parts.maxLabel();
        }
        return LabelFilters.relabelConsecutive(LabelFilters.fillHoles(LabelPlane.of(w, h, pieces)));
    }

    @Test
    void tracedPolygonsCoverExactlyTheObjectPixels() {
        for (long seed = 0; seed < 10; seed++) {
            LabelPlane labels = randomBlobs(seed, 50, 40);
            List<Roi> rois = Rois.toRois(OutlineTracer.trace(labels, 0), "cell", PlaneLayout.SINGLE_PLANE);
            int[] rebuilt = new int[labels.labels().length];
            for (int i = 0; i < rois.size(); i++) {
                Roi roi = rois.get(i);
                Rectangle b = roi.getBounds();
                ImageProcessor mask = roi.getMask();
                for (int y = 0; y < b.height; y++) {
                    for (int x = 0; x < b.width; x++) {
                        if (mask.get(x, y) != 0) rebuilt[(b.y + y) * 50 + b.x + x] = i + 1;
                    }
                }
            }
            assertArrayEquals(labels.labels(), rebuilt, "seed " + seed);
        }
    }

    @Test
    void zipRoundTripThroughRoiDecoderGivesTheSamePolygons() throws Exception {
        LabelPlane labels = randomBlobs(42, 50, 40);
        List<ObjectOutline> outlines = new ArrayList<>();
        for (int plane = 0; plane < 2; plane++) outlines.addAll(OutlineTracer.trace(labels, plane));
        List<Roi> rois = Rois.toRois(outlines, "cell", new PlaneLayout(2, 1));
        Path zip = dir.resolve("rois.zip");
        AtomicFiles.write(zip, false, Rois.zip(rois));
        List<Roi> decoded = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                decoded.add(RoiDecoder.openFromByteArray(file.getInputStream(e).readAllBytes()));
            }
        }
        assertEquals(rois.size(), decoded.size());
        for (int i = 0; i < rois.size(); i++) {
            Roi expected = rois.get(i);
            Roi actual = decoded.get(i);
            assertEquals(String.format("cell-%04d", i + 1), actual.getName());
            assertEquals(Roi.TRACED_ROI, actual.getType());
            Polygon pe = expected.getPolygon();
            Polygon pa = actual.getPolygon();
            assertArrayEquals(java.util.Arrays.copyOf(pe.xpoints, pe.npoints), java.util.Arrays.copyOf(pa.xpoints, pa.npoints));
            assertArrayEquals(java.util.Arrays.copyOf(pe.ypoints, pe.npoints), java.util.Arrays.copyOf(pa.ypoints, pa.npoints));
            assertEquals(outlines.get(i).plane() + 1, actual.getZPosition());
        }
        assertThrows(InvalidInputException.class, () -> AtomicFiles.write(zip, false, Rois.zip(rois)));
        AtomicFiles.write(zip, true, Rois.zip(rois.subList(0, 1)));
        try (ZipFile file = new ZipFile(zip.toFile())) {
            assertEquals(1, file.size());
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void overlayReceivesAllRois() {
        List<Roi> rois = Rois.toRois(OutlineTracer.trace(randomBlobs(1, 50, 40), 0), "nucleus", PlaneLayout.SINGLE_PLANE);
        Overlay overlay = new Overlay();
        Rois.addToOverlay(overlay, rois);
        assertEquals(rois.size(), overlay.size());
        assertEquals("nucleus-0001", overlay.get(0).getName());
    }

    @Test
    void roiManagerRoundTrip() throws Exception {
        // RoiManager is an AWT Frame: it cannot be created in a headless JVM, even hidden.
        assumeFalse(GraphicsEnvironment.isHeadless(), "RoiManager needs a display");
        List<Roi> rois = Rois.toRois(OutlineTracer.trace(randomBlobs(2, 50, 40), 0), "cell", PlaneLayout.SINGLE_PLANE);
        RoiManager manager = new RoiManager(true);
        SegmentCells.addToRoiManager(manager, rois, true);
        assertEquals(rois.size(), manager.getCount());
        Path zip = dir.resolve("m.zip");
        AtomicFiles.write(zip, false, Rois.zip(rois));
        RoiManager reopened = new RoiManager(true);
        reopened.open(zip.toString());
        assertEquals(rois.size(), reopened.getCount());
        assertArrayEquals(rois.get(0).getPolygon().xpoints, reopened.getRoi(0).getPolygon().xpoints);
    }
}
