package io.github.fijiunet.fiji;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.train.Architecture;
import io.github.fijiunet.train.ClassificationDataset;
import io.github.fijiunet.train.Dataset;
import io.github.fijiunet.train.EpochResult;
import io.github.fijiunet.train.ImageFolders;
import io.github.fijiunet.train.Splits;
import io.github.fijiunet.train.Trainer;
import io.github.fijiunet.train.TrainingListener;
import io.github.fijiunet.train.TrainingOptions;
import io.github.fijiunet.train.TrainingReport;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;
import java.nio.file.Path;

/**
 * Plugins &gt; fiji-unet &gt; Train Model...: {@link Trainer} on an images + masks folder pair
 * (U-Net / U-Net++) or on one sub-folder of images per class (CNN), with progress on ImageJ's bar,
 * epochs in the Log window and Esc / cancel stopping after a checkpoint. The exported model folder
 * is where {@code Segment Cells (U-Net)} finds it by name when it is under {@code models/}.
 */
@Plugin(type = Command.class, menuPath = "Plugins>fiji-unet>Train Model...")
public class TrainModelCommand extends ContextCommand {

    static final String TITLE = "Train Model";

    @Parameter(label = "Architecture", choices = {"unet", "unetpp", "cnn"})
    private String architecture = "unet";

    @Parameter(label = "Images folder (segmentation) or class folders root (cnn)", style = "directory")
    private File images;

    @Parameter(label = "Masks folder (segmentation; label images)", style = "directory", required = false)
    private File masks;

    @Parameter(label = "Task (segmentation)", choices = {"instance", "semantic"})
    private String task = "instance";

    @Parameter(label = "Output model folder", style = "directory")
    private File output;

    @Parameter(label = "Epochs", min = "1")
    private int epochs = 20;

    @Parameter(label = "Steps per epoch (0 = automatic)", min = "0")
    private int steps_per_epoch = 0;

    @Parameter(label = "Batch size", min = "1")
    private int batch_size = 8;

    @Parameter(label = "Patch size (pixels)", min = "8")
    private int patch_size = 128;

    @Parameter(label = "Validation fraction", min = "0.01", max = "0.9")
    private double validation_fraction = 0.15;

    @Parameter(label = "Random seed")
    private long seed = 42;

    @Parameter(type = ItemIO.OUTPUT)
    private String model_dir;

    @Parameter(type = ItemIO.OUTPUT)
    private double best_validation_loss;

    @Override
    public void run() {
        ImageJProgress progress = new ImageJProgress(this::isCanceled, null);
        try {
            if (images == null || output == null) throw new InvalidInputException("Choose the images folder and the output model folder.");
            Architecture arch = Architecture.valueOf(architecture.toUpperCase(java.util.Locale.ROOT));
            boolean cnn = arch == Architecture.CNN;
            Normalization normalization = cnn ? Normalization.minMax() : Normalization.percentile(1, 99.8);
            Dataset[] data;
            if (cnn) {
                data = Splits.split(ClassificationDataset.readFolders(images.toPath(), 28, 28, normalization), validation_fraction, seed);
            } else {
                if (masks == null) throw new InvalidInputException("U-Net training needs a masks folder (label images named like the images).");
                Task t = "semantic".equals(task) ? Task.SEMANTIC : Task.INSTANCE;
                data = Splits.split(ImageFolders.read(images.toPath(), masks.toPath(), t, normalization), validation_fraction, seed);
            }
            Path out = output.toPath();
            TrainingOptions.Builder b = TrainingOptions.builder(out.getFileName().toString(), out).architecture(arch)
                    .epochs(epochs).stepsPerEpoch(steps_per_epoch).batchSize(batch_size).seed(seed).normalization(normalization);
            if (!cnn) b.patchSize(patch_size);
            TrainingReport report = new Trainer(b.build()).train(data[0], data[1], null, listener(), progress);
            model_dir = report.modelDir().toString();
            best_validation_loss = report.bestValidationLoss();
            UserMessages.log(report.summary());
        } catch (RuntimeException | OutOfMemoryError e) {
            cancel(UserMessages.message(e));
            UserMessages.report(TITLE, e);
        } finally {
            progress.done();
        }
    }

    private static TrainingListener listener() {
        return new TrainingListener() {
            @Override
            public void epochFinished(EpochResult epoch) {
                UserMessages.log(TITLE + ": " + epoch);
            }

            @Override
            public void message(String text) {
                UserMessages.log(TITLE + ": " + text);
            }
        };
    }

}
