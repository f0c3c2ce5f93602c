package io.github.fijiunet.cli;

import io.github.fijiunet.CancelledException;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.InvalidOptionException;
import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.engine.Engines;
import io.github.fijiunet.engine.TrainingEngine;
import io.github.fijiunet.io.ImageFiles;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.workflow.BioImageIoExport;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.predict.ClassificationOptions;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.train.Architecture;
import io.github.fijiunet.train.Augmentation;
import io.github.fijiunet.train.ClassificationDataset;
import io.github.fijiunet.train.Dataset;
import io.github.fijiunet.train.EpochResult;
import io.github.fijiunet.train.ImageFolders;
import io.github.fijiunet.train.SegmentationDataset;
import io.github.fijiunet.train.Splits;
import io.github.fijiunet.train.TrainingListener;
import io.github.fijiunet.train.TrainingOption;
import io.github.fijiunet.train.TrainingOptions;
import io.github.fijiunet.train.TrainingOutput;
import io.github.fijiunet.train.TrainingReport;
import io.github.fijiunet.workflow.ObjectClassifierTraining;
import io.github.fijiunet.workflow.Rois;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fiji-unet train}: the command-line face of training ({@link TrainingEngine#train}). */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = TrainCommand.Defaults.class,
        modelTransformer = TrainCommand.Flags.class,
        description = {"Train a U-Net, U-Net++ or CNN classifier and export the best epoch as a model folder",
                "(SavedModel + fiji-unet.json + MODEL_CARD.md). Segmentation data: --images/--masks folders",
                "(same file names; masks are instance labels or binary). Classification data: IDX files.",
                "Ctrl-C saves a checkpoint; continue with the same command plus --resume."},
        footer = {"", "Examples:",
                "  fiji-unet train --arch unet --task instance --images train/images --masks train/masks \\",
                "      --val-images val/images --val-masks val/masks --depth 4 --filters 16 --out models/nuclei-unet",
                "  fiji-unet train --arch cnn --idx-images train-images-idx3-ubyte.gz --idx-labels train-labels-idx1-ubyte.gz \\",
                "      --out models/fashion-cnn --epochs 15",
                "  fiji-unet train --arch cnn --roi-images a.tif,b.tif --rois a_rois.zip,b_rois.zip --out models/my-objects"})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--arch", required = true, paramLabel = "unet|unetpp|cnn", completionCandidates = ArchitectureNames.class,
            description = "Network: U-Net, U-Net++ (nested skips, deep supervision) or the LeNet-5-style CNN classifier: ${COMPLETION-CANDIDATES}.")
    private String architecture;

    @Option(names = "--task")
    private String task;

    @Option(names = "--images", description = "Folder of training images (TIFF/PNG).")
    private Path images;

    @Option(names = "--masks", description = "Folder of training masks with the images' file names.")
    private Path masks;

    @Option(names = "--val-images", description = "Folder of validation images; without it --val-fraction of the training data is held out.")
    private Path validationImages;

    @Option(names = "--val-masks", description = "Folder of validation masks.")
    private Path validationMasks;

    @Option(names = "--val-files", split = ",",
            description = "File names in --images (and --masks) to hold out for validation instead of a random fraction.")
    private List<String> validationFiles;

    @Option(names = "--idx-images", description = "IDX image file (gzip or plain) for classification.")
    private Path idxImages;

    @Option(names = "--idx-labels", description = "IDX label file for classification.")
    private Path idxLabels;

    @Option(names = "--class-folders", description = "Classification data as one sub-folder of images per class (resized to 28×28).")
    private Path classFolders;

    @Option(names = "--test-class-folders", description = "Held-out test images, one sub-folder per class.")
    private Path testClassFolders;

    @Option(names = "--roi-images", split = ",", paramLabel = "IMAGE",
            description = "Object classifier: images whose example objects are in --rois (comma-separated, same order).")
    private List<Path> roiImages;

    @Option(names = "--rois", split = ",", paramLabel = "ZIP",
            description = "ROI sets (.zip) of the --roi-images: each class one ROI group, or ROIs named <class>-<n>.")
    private List<Path> roiSets;

    @Option(names = "--test-roi-images", split = ",", paramLabel = "IMAGE", description = "Held-out images for the object classifier.")
    private List<Path> testRoiImages;

    @Option(names = "--test-rois", split = ",", paramLabel = "ZIP", description = "ROI sets of the --test-roi-images.")
    private List<Path> testRoiSets;

    @Option(names = "--test-idx-images", description = "Held-out IDX test images, evaluated once with the exported model.")
    private Path testIdxImages;

    @Option(names = "--test-idx-labels", description = "Held-out IDX test labels.")
    private Path testIdxLabels;

    @Option(names = "--class-names", split = ",", description = "Class names in label order (comma-separated); default 0, 1, ...")
    private List<String> classNames;

    @Option(names = "--val-fraction")
    private double validationFraction;

    @Option(names = "--out", required = true, description = "Model to write: a name (saved in the models folder, where every command then "
            + "finds it by name) or a folder path; new or empty, or with --overwrite a model folder.")
    private String out;

    @Option(names = "--overwrite")
    private boolean overwrite;

    @Option(names = "--export-bioimageio", paramLabel = "ZIP",
            description = "Also write the trained model as a bioimage.io package (.zip; see export-bioimageio), its test input the first training sample.")
    private Path exportBioImageIo;

    @Option(names = "--name", description = "Model name (default: the --out folder's name).")
    private String name;

    @Option(names = "--description", defaultValue = "", description = "One paragraph for the descriptor and model card.")
    private String description;

    @Option(names = "--work-dir", description = "Checkpoint folder (default: <out>.training).")
    private Path workDir;

    @Option(names = "--resume", description = "Continue from the checkpoint in the work folder.")
    private boolean resume;

    @Option(names = "--init-from", description = "Start from the weights of this model folder (fine-tuning; same architecture).")
    private Path initFrom;

    @Option(names = "--epochs")
    private int epochs;

    @Option(names = "--steps-per-epoch")
    private int stepsPerEpoch;

    @Option(names = "--batch")
    private int batch;

    @Option(names = "--patch")
    private int patch;

    @Option(names = "--lr")
    private float learningRate;

    @Option(names = "--schedule")
    private TrainingOptions.Schedule schedule;

    @Option(names = "--patience")
    private int patience;

    @Option(names = "--checkpoint-every")
    private int checkpointEvery;

    @Option(names = "--seed")
    private long seed;

    @Option(names = "--threads")
    private int threads;

    @Option(names = "--precision")
    private String precision;

    @Option(names = "--depth")
    private int depth;

    @Option(names = "--filters")
    private int filters;

    @Option(names = "--no-batch-norm", description = "Disable batch normalisation.")
    private boolean noBatchNorm;

    @Option(names = "--dropout")
    private float dropout;

    @Option(names = "--no-deep-supervision", description = "U-Net++: train only the last head.")
    private boolean noDeepSupervision;

    @Option(names = "--export-head")
    private int exportHead;

    @Option(names = "--boundary-weight")
    private float boundaryWeight;

    @Option(names = "--border-weight")
    private float borderWeight;

    @Option(names = "--small-object-weight")
    private float smallObjectWeight;

    @Option(names = "--dice-weight")
    private float diceWeight;

    @Option(names = "--augment")
    private String augment;

    @Option(names = "--percentiles", split = ",", defaultValue = Normalization.DEFAULT_PERCENTILES_TEXT,
            description = "Segmentation input normalisation percentiles low,high. Default: ${DEFAULT-VALUE}.")
    private double[] percentiles;

    @Option(names = "--log-every", defaultValue = "50", description = "Print the step loss every N steps (0 = only epochs). Default: ${DEFAULT-VALUE}.")
    private int logEvery;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Architecture arch = parseArchitecture();
        boolean classification = arch == Architecture.CNN;
        if (percentiles.length != 2) {
            throw new InvalidOptionException("--percentiles takes two numbers, low,high (e.g. " + Normalization.DEFAULT_PERCENTILES_TEXT + "), got " + percentiles.length + ".");
        }
        Normalization normalization = classification ? Normalization.minMax() : Normalization.percentile(percentiles[0], percentiles[1]);
        Path modelFolder = ModelCatalog.standard().outputFolder(out);
        TrainingOptions options = TrainingOptions.builder(name != null ? name : modelFolder.getFileName().toString(), modelFolder)
                .workDir(workDir).architecture(arch).depth(depth).baseFilters(filters).batchNorm(!noBatchNorm).dropout(dropout)
                .deepSupervision(!noDeepSupervision).exportHead(exportHead).patchSize(patch).batchSize(batch).epochs(epochs)
                .stepsPerEpoch(stepsPerEpoch).learningRate(learningRate).schedule(schedule).earlyStoppingPatience(patience)
                .checkpointEvery(checkpointEvery).seed(seed).threads(threads).precision(Precision.parse(precision)).augmentation(augmentation(classification))
                .boundaryWeight(boundaryWeight).borderWeight(borderWeight).smallObjectWeight(smallObjectWeight).diceWeight(diceWeight).initFrom(initFrom).resume(resume).overwrite(overwrite)
                .normalization(normalization).description(description)
                .reproduceCommand(OptionFlags.typedCommand(spec))
                .build();
        // Options, the output folder and the engine are checked before reading the data, which can take minutes.
        TrainingOutput.check(options, images, masks, validationImages, validationMasks, idxImages, idxLabels, classFolders,
                testClassFolders, testIdxImages, testIdxLabels);
        if (exportBioImageIo != null && Files.exists(exportBioImageIo) && !overwrite) {
            throw new InvalidOptionException(exportBioImageIo + " exists: choose another --export-bioimageio file, or --overwrite.");
        }
        TrainingEngine engine = Engines.tensorFlow();
        Dataset[] data = classification ? classificationData(normalization) : segmentationData(normalization);

        // Ctrl-C cancels through the CLI's own shutdown hook, which waits for this call to return:
        // the trainer writes its checkpoint first.
        try {
            TrainingReport report = engine.train(options, data[0], data[1], data.length > 2 ? data[2] : null,
                    listener(err), ConsoleProgress.quiet());
            err.println(report.summary());
            if (exportBioImageIo != null) {
                BioImageIoExport.Report exported = BioImageIoExport.export(report.modelDir(), BioImageIoExport.testImageOf(data[0]), exportBioImageIo,
                        BioImageIoExport.Metadata.of("", ""), overwrite, ConsoleProgress.quiet());
                err.println("bioimage.io package written to " + exported.file + " (" + exported.summary + ").");
            }
            err.flush();
            return 0;
        } catch (CancelledException e) {
            String command = OptionFlags.typedCommand(spec);
            err.println("To continue: " + (command.contains(" --resume") ? command : command + " --resume"));
            err.flush();
            throw e;
        }
    }

    private Architecture parseArchitecture() {
        try {
            return Architecture.valueOf(architecture.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("Unknown --arch " + architecture + ": use unet, unetpp or cnn.");
        }
    }

    private Augmentation augmentation(boolean classification) {
        // Microscopy objects (segmentation, example ROIs) have no up or left; IDX/folder images keep theirs.
        return Augmentation.named(augment, !classification || roiImages != null);
    }

    private Dataset[] classificationData(Normalization normalization) {
        ClassificationDataset all;
        ClassificationDataset test = null;
        int size = Architecture.CNN_INPUT_SIZE;
        if (classFolders != null) {
            all = ClassificationDataset.readFolders(classFolders, size, size, normalization);
            if (testClassFolders != null) test = ClassificationDataset.readFolders(testClassFolders, size, size, normalization);
        } else if (roiImages != null) {
            all = ObjectClassifierTraining.dataset(examples(roiImages, roiSets, "--roi-images", "--rois"), normalization,
                    ClassificationOptions.defaults(), "the ROIs of " + roiImages);
            if (testRoiImages != null) {
                test = ObjectClassifierTraining.dataset(examples(testRoiImages, testRoiSets, "--test-roi-images", "--test-rois"), normalization,
                        ClassificationOptions.defaults(), "the ROIs of " + testRoiImages);
            }
        } else if (idxImages != null && idxLabels != null) {
            all = ClassificationDataset.readIdx(idxImages, idxLabels, classNames, normalization);
            if (testIdxImages != null) {
                if (testIdxLabels == null) throw new InvalidOptionException("--test-idx-images needs --test-idx-labels.");
                test = ClassificationDataset.readIdx(testIdxImages, testIdxLabels, all.classNames(), normalization);
            }
        } else {
            throw new InvalidOptionException("--arch cnn needs --class-folders, --roi-images with --rois (example objects), "
                    + "or --idx-images and --idx-labels (IDX files such as Fashion-MNIST's).");
        }
        if (test != null && !test.classNames().equals(all.classNames())) {
            throw new InvalidInputException("The test classes " + test.classNames() + " differ from the training classes " + all.classNames() + ".");
        }
        Dataset[] split = Splits.split(all, validationFraction, seed);
        return test == null ? split : new Dataset[] {split[0], split[1], test};
    }

    /** Each image with its ROI set, the classes from the ROIs' groups or names. */
    private static List<ObjectClassifierTraining.Examples> examples(List<Path> images, List<Path> roiSets, String imagesFlag, String roisFlag) {
        if (roiSets == null || roiSets.size() != images.size()) {
            throw new InvalidOptionException(imagesFlag + " needs " + roisFlag + " with one ROI set per image, in the same order ("
                    + images.size() + " image(s), " + (roiSets == null ? 0 : roiSets.size()) + " ROI set(s)).");
        }
        List<ObjectClassifierTraining.Examples> examples = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            examples.add(ObjectClassifierTraining.Examples.of(ImageFiles.open(images.get(i)), Rois.readZip(roiSets.get(i))));
        }
        return examples;
    }

    private Dataset[] segmentationData(Normalization normalization) {
        if (images == null || masks == null) {
            throw new InvalidOptionException("--arch unet/unetpp needs --images and --masks folders.");
        }
        Task segmentationTask = "semantic".equals(task) ? Task.SEMANTIC : Task.INSTANCE; // checked by TrainingOption.TASK
        SegmentationDataset training = ImageFolders.read(images, masks, segmentationTask, normalization);
        if (validationFiles != null) return Splits.byName(training, validationFiles);
        if (validationImages == null) return Splits.split(training, validationFraction, seed);
        if (validationMasks == null) throw new InvalidOptionException("--val-images needs --val-masks.");
        return new Dataset[] {training, ImageFolders.read(validationImages, validationMasks, segmentationTask, normalization)};
    }

    private TrainingListener listener(PrintWriter err) {
        return new TrainingListener() {
            @Override
            public void stepFinished(long step, long totalSteps, float loss) {
                if (logEvery > 0 && step % logEvery == 0) {
                    err.printf("  step %d/%d loss %.4f%n", step, totalSteps, loss);
                    err.flush();
                }
            }

            @Override
            public void epochFinished(EpochResult epoch) {
                err.println(epoch.format());
                err.flush();
            }

            @Override
            public void message(String text) {
                err.println(text);
                err.flush();
            }
        };
    }

    /** The architectures as the command line spells them. */
    static final class ArchitectureNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(Architecture.values()).map(a -> a.name().toLowerCase(java.util.Locale.ROOT)).iterator();
        }
    }

    /** Descriptions, ranges and choices of the flags named after a {@link TrainingOption}, from its definition. */
    public static final class Flags implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            OptionFlags.describeAnnotated(spec, List.of(TrainingOption.values()));
            return spec;
        }
    }

    /** The flags' defaults, looked up by flag in {@link TrainingOption}. */
    public static final class Defaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
            if (!(argSpec instanceof CommandLine.Model.OptionSpec)) return null;
            String flag = ((CommandLine.Model.OptionSpec) argSpec).longestName();
            return Arrays.stream(TrainingOption.values()).filter(o -> o.flag().equals(flag)).findFirst()
                    .map(OptionSpec::defaultText).orElse(null);
        }
    }
}
