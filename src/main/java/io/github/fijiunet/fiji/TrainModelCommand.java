package io.github.fijiunet.fiji;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import ij.plugin.frame.RoiManager;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.train.Architecture;
import io.github.fijiunet.train.Augmentation;
import io.github.fijiunet.train.ClassificationDataset;
import io.github.fijiunet.train.Dataset;
import io.github.fijiunet.train.EpochResult;
import io.github.fijiunet.train.ImageFolders;
import io.github.fijiunet.train.SegmentationDataset;
import io.github.fijiunet.train.Splits;
import io.github.fijiunet.engine.Engines;
import io.github.fijiunet.engine.TrainingEngine;
import io.github.fijiunet.train.TrainingListener;
import io.github.fijiunet.train.TrainingOption;
import io.github.fijiunet.train.TrainingOptions;
import io.github.fijiunet.train.TrainingOutput;
import io.github.fijiunet.train.TrainingReport;
import io.github.fijiunet.workflow.BioImageIoExport;
import io.github.fijiunet.workflow.RoiAnnotations;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.DynamicCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plugins &gt; fiji-unet &gt; Train Model...: {@link TrainingEngine#train} on an images + masks folder pair, on
 * the current image with its ROI Manager outlines (one ROI per cell), or for the CNN on one
 * sub-folder of images per class. Optionally fine-tunes a model folder. Progress on ImageJ's bar,
 * epochs in the Log window and a loss plot (not headless); Esc / cancel stops after a checkpoint.
 * The exported model folder is found by name by {@code Segment Cells (U-Net)} under {@code models/}.
 * Defaults come from {@link TrainingOption}.
 */
@Plugin(type = Command.class, menuPath = "Plugins>fiji-unet>Train Model...", initializer = "init")
public class TrainModelCommand extends DynamicCommand {

    static final String TITLE = "Train Model";
    static final String FOLDERS = "image and mask folders";
    static final String ROI_MANAGER = "current image + ROI Manager";

    @Parameter(label = "Architecture", choices = {"unet", "unetpp", "cnn"})
    private String architecture = "unet";

    @Parameter(label = "Training data", choices = {FOLDERS, ROI_MANAGER})
    private String data_source = FOLDERS;

    @Parameter(label = "Annotated image (ROI Manager data)", required = false)
    private ImagePlus image;

    @Parameter(label = "Images folder (segmentation) or class folders root (cnn)", style = "directory", required = false)
    private File images;

    @Parameter(label = "Masks folder (segmentation; label images)", style = "directory", required = false)
    private File masks;

    @Parameter
    private String task = (String) TrainingOption.TASK.defaultValue();

    @Parameter(label = "Output model (a name in models/, or a folder)", style = "directory")
    private File output;

    @Parameter
    private boolean overwrite = (Boolean) TrainingOption.OVERWRITE.defaultValue();

    @Parameter(label = "Fine-tune from model folder (optional)", style = "directory", required = false)
    private File init_from;

    @Parameter(label = "Also export as a bioimage.io package (.zip, optional)", style = "save", required = false)
    private File export_bioimageio;

    @Parameter
    private int depth = (Integer) TrainingOption.DEPTH.defaultValue();

    @Parameter
    private int filters = (Integer) TrainingOption.FILTERS.defaultValue();

    @Parameter
    private int epochs = (Integer) TrainingOption.EPOCHS.defaultValue();

    @Parameter
    private int steps_per_epoch = (Integer) TrainingOption.STEPS_PER_EPOCH.defaultValue();

    @Parameter
    private int batch = (Integer) TrainingOption.BATCH.defaultValue();

    @Parameter
    private int patch = (Integer) TrainingOption.PATCH.defaultValue();

    @Parameter
    private double val_fraction = (Double) TrainingOption.VAL_FRACTION.defaultValue();

    @Parameter
    private long seed = (Long) TrainingOption.SEED.defaultValue();

    @Parameter
    private String augment = (String) TrainingOption.AUGMENT.defaultValue();

    @Parameter
    private double lr = (Double) TrainingOption.LR.defaultValue();

    @Parameter
    private int patience = (Integer) TrainingOption.PATIENCE.defaultValue();

    @Parameter
    private double boundary_weight = (Double) TrainingOption.BOUNDARY_WEIGHT.defaultValue();

    @Parameter
    private String precision = TrainingOption.PRECISION.defaultText();

    @Parameter(type = ItemIO.OUTPUT)
    private String model_dir;

    @Parameter(type = ItemIO.OUTPUT)
    private double best_validation_loss;

    /** Labels, help, ranges and choices of the training inputs from {@link TrainingOption}. */
    protected void init() {
        OptionInputs.describe(this, List.of(TrainingOption.values()));
    }

    @Override
    public void run() {
        ImageJProgress progress = new ImageJProgress(this::isCanceled, null);
        try {
            if (output == null) throw new InvalidInputException("Choose the output model folder.");
            Architecture arch = Architecture.valueOf(architecture.toUpperCase(java.util.Locale.ROOT));
            boolean cnn = arch == Architecture.CNN;
            Normalization normalization = cnn ? Normalization.minMax() : Normalization.defaultPercentiles();
            Path out = ModelCatalog.standard().outputFolder(output.getPath());
            TrainingOptions.Builder b = TrainingOptions.builder(out.getFileName().toString(), out).architecture(arch)
                    .depth(depth).baseFilters(filters).epochs(epochs).stepsPerEpoch(steps_per_epoch).batchSize(batch)
                    .seed(seed).precision(Precision.parse(precision)).normalization(normalization).overwrite(overwrite)
                    .augmentation(Augmentation.named(augment, !cnn)) // class folders keep their orientation
                    .learningRate((float) lr).earlyStoppingPatience(patience).boundaryWeight((float) boundary_weight);
            if (!cnn) b.patchSize(patch);
            if (init_from != null) b.initFrom(init_from.toPath());
            TrainingOptions options = b.build();
            TrainingOutput.check(options, images == null ? null : images.toPath(), masks == null ? null : masks.toPath());
            TrainingEngine engine = Engines.tensorFlow();
            Dataset[] data = cnn ? classificationData(normalization) : segmentationData(normalization);
            TrainingReport report = engine.train(options, data[0], data[1], null, new LossPlotListener(), progress);
            model_dir = report.modelDir().toString();
            best_validation_loss = report.bestValidationLoss();
            UserMessages.log(report.summary());
            if (export_bioimageio != null) {
                BioImageIoExport.Report exported = BioImageIoExport.export(report.modelDir(), BioImageIoExport.testImageOf(data[0]),
                        export_bioimageio.toPath(), BioImageIoExport.Metadata.of("", ""), overwrite, progress);
                UserMessages.log(TITLE + ": bioimage.io package written to " + exported.file + " (" + exported.summary + ").");
            }
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            cancel(UserMessages.message(e));
            UserMessages.report(TITLE, e);
        } finally {
            progress.done();
        }
    }

    private Dataset[] classificationData(Normalization normalization) {
        if (images == null) throw new InvalidInputException("CNN training needs the class folders root (one sub-folder of images per class).");
        return Splits.split(ClassificationDataset.readFolders(images.toPath(), 28, 28, normalization), val_fraction, seed);
    }

    private Dataset[] segmentationData(Normalization normalization) {
        Task t = "semantic".equals(task) ? Task.SEMANTIC : Task.INSTANCE;
        if (ROI_MANAGER.equals(data_source)) {
            RoiManager manager = RoiManager.getInstance2();
            SegmentationDataset annotated = RoiAnnotations.toDataset(image, manager == null ? null : manager.getRoisAsArray(), t, normalization);
            if (annotated.size() < 2) {
                // One annotated plane cannot be split by image: validate on it too, and say so.
                UserMessages.log(TITLE + ": one annotated plane, so validation uses the training image; watch for over-fitting.");
                return new Dataset[] {annotated, annotated};
            }
            return Splits.split(annotated, val_fraction, seed);
        }
        if (images == null || masks == null) {
            throw new InvalidInputException("U-Net training needs an images folder and a masks folder (label images named like the images), "
                    + "or choose \"" + ROI_MANAGER + "\" as training data.");
        }
        return Splits.split(ImageFolders.read(images.toPath(), masks.toPath(), t, normalization), val_fraction, seed);
    }

    /** Logs every epoch and, with a display, plots training and validation loss as they come. */
    private static final class LossPlotListener implements TrainingListener {
        private final List<Double> epochs = new ArrayList<>();
        private final List<Double> trainLoss = new ArrayList<>();
        private final List<Double> validationLoss = new ArrayList<>();
        private PlotWindow window;

        @Override
        public void epochFinished(EpochResult epoch) {
            UserMessages.log(TITLE + ": " + epoch.format());
            epochs.add((double) epoch.epoch());
            trainLoss.add(epoch.trainLoss());
            validationLoss.add(epoch.validationLoss());
            if (GraphicsEnvironment.isHeadless()) return;
            Plot plot = new Plot(TITLE + " loss", "epoch", "loss");
            plot.setColor(Color.BLUE);
            plot.add("line", toArray(epochs), toArray(trainLoss));
            plot.setColor(Color.RED);
            plot.add("line", toArray(epochs), toArray(validationLoss));
            plot.setLegend("training\tvalidation", Plot.AUTO_POSITION);
            if (window == null || window.isClosed()) window = plot.show();
            else window.drawPlot(plot);
        }

        @Override
        public void message(String text) {
            UserMessages.log(TITLE + ": " + text);
        }

        private static double[] toArray(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }
}
