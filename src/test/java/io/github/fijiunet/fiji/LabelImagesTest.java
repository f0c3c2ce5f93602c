package io.github.fijiunet.fiji;

import ij.ImagePlus;
import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.workflow.LabelImages;
import org.junit.jupiter.api.Test;

import java.awt.image.IndexColorModel;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelImagesTest {

    @Test
    void sixteenBitUpTo65535LabelsWithGlasbeyLut() {
        LabelPlane plane = LabelPlane.of(3, 2, new int[] {0, 1, 2, 65535, 0, 5});
        ImagePlus imp = LabelImages.toImagePlus("labels", plane);
        assertEquals(16, imp.getBitDepth());
        assertEquals(65535, imp.getProcessor().get(0, 1));
        IndexColorModel lut = (IndexColorModel) imp.getProcessor().getCurrentColorModel();
        assertEquals(0, lut.getRGB(0) & 0xffffff, "background is black");
    }

    @Test
    void thirtyTwoBitAbove65535Labels() {
        LabelPlane plane = LabelPlane.of(2, 1, new int[] {0, 70000});
        ImagePlus imp = LabelImages.toImagePlus("labels", plane);
        assertEquals(32, imp.getBitDepth());
        assertEquals(70000f, imp.getProcessor().getf(1, 0));
    }

    @Test
    void stackGetsHyperstackPositions() {
        LabelPlane a = LabelPlane.of(2, 1, new int[] {0, 1});
        LabelPlane b = LabelPlane.of(2, 1, new int[] {2, 0});
        ImagePlus imp = LabelImages.toImagePlus("labels", List.of(a, b, a, b, a, b), 3, 2);
        assertEquals(3, imp.getNSlices());
        assertEquals(2, imp.getNFrames());
        assertEquals(1, imp.getNChannels());
        assertTrue(imp.isHyperStack());
        assertEquals(2, imp.getStack().getProcessor(imp.getStackIndex(1, 2, 1)).get(0, 0));
    }
}
