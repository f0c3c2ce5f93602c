package io.github.fijiunet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.workflow.SegmentationOutput;
import org.junit.jupiter.api.Test;

import java.util.Random;

/** Multi-channel images: the channel option picks the stain the model segments; the messages say how. */
class ChannelsTest {

    /** A 2-channel composite: channel 1 noise (another stain), channel 2 the nuclei. */
    private static ImagePlus twoChannels(ImagePlus nuclei) {
        ByteProcessor noise = new ByteProcessor(nuclei.getWidth(), nuclei.getHeight());
        Random random = new Random(1);
        for (int i = 0; i < noise.getPixelCount(); i++) noise.set(i, random.nextInt(256));
        ImageStack stack = new ImageStack(nuclei.getWidth(), nuclei.getHeight());
        stack.addSlice("other stain", noise);
        stack.addSlice("nuclei", nuclei.getProcessor().convertToByte(true));
        ImagePlus imp = new ImagePlus("two channels", stack);
        imp.setDimensions(2, 1, 1);
        return new CompositeImage(imp, IJ.COMPOSITE);
    }

    private static SegmentCellsSettings settings(int channel) throws Exception {
        return new SegmentCellsSettings().set(SegmentationOption.MODEL, FijiTestSupport.modelRoot().resolve(FijiTestSupport.MODEL).toString())
                .set(SegmentationOption.CHANNEL, String.valueOf(channel)).set(InstanceOption.THRESHOLD, "otsu")
                .set(InstanceOption.METHOD, "distance_watershed").set(InstanceOption.MIN_SIZE, "5"); // as the test model needs
    }

    @Test
    void theChosenChannelIsSegmentedAsTheSingleChannelImageIs() throws Exception {
        ImagePlus nuclei = IJ.openImage(FijiTestSupport.NUCLEI.toString());
        ImagePlus composite = twoChannels(nuclei);
        ImagePlus grey = new ImagePlus("nuclei", composite.getStack().getProcessor(2).duplicate());
        SegmentationOutput alone = SegmentCells.segment(grey, settings(0), Progress.NONE, line -> { });
        SegmentationOutput picked = SegmentCells.segment(composite, settings(2), Progress.NONE, line -> { });
        assertTrue(alone.objectCount() > 0);
        assertEquals(alone.objectCount(), picked.objectCount(), "channel 2 of the composite is the nuclei image");

        String all = assertThrows(InvalidInputException.class, () -> SegmentCells.segment(composite, settings(0), Progress.NONE, line -> { }))
                .getMessage();
        assertTrue(all.contains("the image has 2") && all.contains("channel=<n> in a macro") && !all.contains("8-bit"), all);
        String missing = assertThrows(InvalidInputException.class, () -> SegmentCells.segment(composite, settings(3), Progress.NONE, line -> { }))
                .getMessage();
        assertEquals("\"two channels\" has 2 channels; there is no channel 3. Give a channel from 1 to 2, or 0 for all.", missing);
    }
}
