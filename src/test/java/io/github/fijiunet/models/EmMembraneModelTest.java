package io.github.fijiunet.models;

import ij.IJ;
import ij.ImagePlus;
import io.github.fijiunet.Progress;
import io.github.fijiunet.eval.ClassOverlap;
import io.github.fijiunet.eval.PixelMetrics;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.post.InstanceMethod;
import io.github.fijiunet.post.InstanceOptions;
import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.Threshold;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.workflow.ImageSegmentation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shipped em-membrane-unet on held-out ISBI 2012 slice 27 (never trained on), through the
 * Segment Cells path with connected components (cells are the regions the membranes separate):
 * cell-interior IoU and pixel error against the public membrane mask.
 */
class EmMembraneModelTest {

    @ParameterizedTest
    @EnumSource(Precision.class)
    void cellInteriorIoUAboveTarget(Precision precision) throws Exception {
        Path dir = Path.of("test-images", "em");
        ImagePlus image = IJ.openImage(dir.resolve("images/27.png").toString());
        ImagePlus mask = IJ.openImage(dir.resolve("masks/27.png").toString());
        SegmentationOptions options = SegmentationOptions.builder().instances(InstanceOptions.builder()
                .method(InstanceMethod.CONNECTED_COMPONENTS).threshold(Threshold.fixed(0.5)).minSize(0).fillHoles(false).build()).build();
        try (LoadedModel model = LoadedModel.load(ModelCatalog.standard().resolve("em-membrane-unet"),
                new RuntimeOptions(ComputeDevice.CPU, 0, 0, precision))) {
            assumeTrue(model.precision() == precision, "this CPU has no bfloat16 instructions");
            LabelPlane predicted = ImageSegmentation.run(image, model, options, Progress.NONE).planes().get(0).labels();
            byte[] truthPixels = (byte[]) mask.getProcessor().convertToByteProcessor(false).getPixels();
            int[] truth = new int[truthPixels.length];
            for (int i = 0; i < truth.length; i++) truth[i] = (truthPixels[i] & 0xff) > 127 ? 1 : 0;
            ClassOverlap interior = PixelMetrics.foreground(LabelPlane.of(mask.getWidth(), mask.getHeight(), truth), predicted);
            long wrong = 0;
            for (int i = 0; i < truth.length; i++) if ((predicted.labels()[i] > 0 ? 1 : 0) != truth[i]) wrong++;
            double pixelError = wrong / (double) truth.length;
            System.out.printf("em-membrane-unet (%s) on slice 27: interior IoU %.3f, Dice %.3f, pixel error %.3f%n",
                    precision, interior.iou(), interior.dice(), pixelError);
            assertTrue(interior.iou() >= 0.85, "cell-interior IoU " + interior.iou() + " below the 0.85 target");
        }
    }
}
