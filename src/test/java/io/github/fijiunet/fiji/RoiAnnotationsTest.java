package io.github.fijiunet.fiji;

import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.train.Architecture;
import io.github.fijiunet.train.LabelTargets;
import io.github.fijiunet.train.SegmentationDataset;
import io.github.fijiunet.engine.tf.train.Trainer;
import io.github.fijiunet.train.TrainingListener;
import io.github.fijiunet.train.TrainingOptions;
import io.github.fijiunet.train.TrainingReport;
import io.github.fijiunet.workflow.RoiAnnotations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-drawn ROIs on an open image as training data (the Train Model command's ROI Manager source). */
class RoiAnnotationsTest {

    private static ImagePlus cells() {
        ByteProcessor ip = new ByteProcessor(64, 64);
        ip.setColor(10);
        ip.fill();
        ip.setColor(200);
        ip.fill(new OvalRoi(5, 5, 16, 16));
        ip.fill(new OvalRoi(30, 8, 14, 18));
        ip.fill(new OvalRoi(12, 36, 20, 20));
        return new ImagePlus("cells", ip);
    }

    private static Roi[] outlines() {
        return new Roi[] {new OvalRoi(5, 5, 16, 16), new OvalRoi(30, 8, 14, 18), new OvalRoi(12, 36, 20, 20), new Line(0, 0, 60, 60)};
    }

    @Test
    void roisBecomeInstanceTargets() {
        SegmentationDataset data = RoiAnnotations.toDataset(cells(), outlines(), Task.INSTANCE, Normalization.percentile(1, 99.8));
        assertEquals(1, data.size());
        SegmentationDataset.Sample sample = data.samples().get(0);
        assertEquals(LabelTargets.INTERIOR, sample.classAt(13, 13));
        assertEquals(LabelTargets.INTERIOR, sample.classAt(22, 46));
        assertEquals(LabelTargets.BACKGROUND, sample.classAt(60, 60), "the line ROI encloses nothing");
        assertEquals(LabelTargets.BACKGROUND, sample.classAt(25, 25));
        assertEquals(LabelTargets.BOUNDARY, sample.classAt(5, 13), "the oval's leftmost column is its edge");
    }

    @Test
    void clearMessagesForUnusableAnnotations() {
        assertTrue(assertThrows(InvalidInputException.class, () -> RoiAnnotations.toDataset(cells(), new Roi[0], Task.INSTANCE,
                Normalization.NONE)).getMessage().contains("holds no ROIs"));
        assertTrue(assertThrows(InvalidInputException.class, () -> RoiAnnotations.toDataset(cells(), new Roi[] {new Line(0, 0, 5, 5)},
                Task.INSTANCE, Normalization.NONE)).getMessage().contains("encloses an area"));
        assertTrue(assertThrows(InvalidInputException.class, () -> RoiAnnotations.toDataset(null, outlines(), Task.INSTANCE,
                Normalization.NONE)).getMessage().contains("Open the image"));
    }

    @Test
    void trainsAndExportsALoadableModelFromRois(@TempDir Path tmp) {
        SegmentationDataset data = RoiAnnotations.toDataset(cells(), outlines(), Task.INSTANCE, Normalization.percentile(1, 99.8));
        Path out = tmp.resolve("from-rois");
        TrainingOptions options = TrainingOptions.builder("from-rois", out).architecture(Architecture.UNET).depth(2).baseFilters(4)
                .patchSize(32).batchSize(2).epochs(2).stepsPerEpoch(3).threads(1).build();
        TrainingReport report = new Trainer(options).train(data, data, null, new TrainingListener() {}, Progress.NONE);
        assertEquals(out, report.modelDir());
        assertTrue(Files.isRegularFile(out.resolve("MODEL_CARD.md")));
        try (LoadedModel model = LoadedModel.load(out, RuntimeOptions.DEFAULT)) {
            assertEquals(3, model.descriptor().output().channels());
        }
    }
}
