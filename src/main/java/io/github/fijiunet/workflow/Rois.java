package io.github.fijiunet.workflow;

import ij.gui.Overlay;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.io.RoiDecoder;
import ij.io.RoiEncoder;
import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.post.ObjectOutline;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Outlines to ImageJ ROIs: traced polygons named {@code <prefix>-0001}..., positioned on their
 * plane, for a caller-supplied RoiManager, an Overlay or a ROI-set zip. No windows are opened.
 */
public final class Rois {

    public static final String DEFAULT_PREFIX = "cell";

    private Rois() {}

    /** ROIs numbered 1.. in list order; stack planes get {@code setPosition(0, z, t)} (all channels). */
    public static List<Roi> toRois(List<ObjectOutline> outlines, String namePrefix, PlaneLayout layout) {
        List<Roi> rois = new ArrayList<>(outlines.size());
        int digits = Math.max(4, String.valueOf(outlines.size()).length());
        for (int i = 0; i < outlines.size(); i++) {
            ObjectOutline o = outlines.get(i);
            PolygonRoi roi = new PolygonRoi(o.xs().clone(), o.ys().clone(), o.pointCount(), Roi.TRACED_ROI);
            roi.setName(String.format("%s-%0" + digits + "d", namePrefix, i + 1));
            if (!layout.isSinglePlane()) {
                if (o.plane() < 0 || o.plane() >= layout.planeCount()) {
                    throw new InvalidInputException("Outline plane " + o.plane() + " lies outside the " + layout.planeCount() + "-plane image.");
                }
                roi.setPosition(0, layout.slice(o.plane()), layout.frame(o.plane()));
            }
            rois.add(roi);
        }
        return rois;
    }

    public static void addToOverlay(Overlay overlay, List<Roi> rois) {
        for (Roi roi : rois) overlay.add(roi);
    }

    /**
     * A ROI set as RoiManager writes it: one {@code .roi} entry per ROI, named after it; written
     * with {@link AtomicFiles}, alone or as part of an output set.
     */
    public static AtomicFiles.Content zip(List<Roi> rois) {
        return out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out);
                 DataOutputStream data = new DataOutputStream(zip)) {
                RoiEncoder encoder = new RoiEncoder(data);
                Set<String> used = new HashSet<>();
                for (Roi roi : rois) {
                    String name = roi.getName() == null ? "roi" : roi.getName();
                    String entry = name;
                    for (int n = 2; !used.add(entry); n++) entry = name + "-" + n;
                    zip.putNextEntry(new ZipEntry(entry + ".roi"));
                    encoder.write(roi);
                    data.flush();
                }
            }
        };
    }

    /** Reads a ROI-set zip as RoiManager writes it (one {@code .roi} entry per ROI), in entry order. */
    public static List<Roi> readZip(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("The ROI set " + file + " does not exist. Give a .zip saved by the ROI Manager or by fiji-unet.");
        }
        List<Roi> rois = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (!entry.getName().endsWith(".roi")) continue;
                try (InputStream in = zip.getInputStream(entry)) {
                    Roi roi = RoiDecoder.openFromByteArray(in.readAllBytes());
                    if (roi == null) throw new InvalidInputException("The entry " + entry.getName() + " of " + file + " is not a readable ROI.");
                    rois.add(roi);
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("Cannot read the ROI set " + file + " (" + e.getMessage() + "). Give a .zip saved by the ROI Manager.");
        }
        return rois;
    }
}
