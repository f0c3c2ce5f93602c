package io.github.fijiunet.workflow;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.bioimageio.BioImageIoPackage;
import io.github.fijiunet.bioimageio.Npy;
import io.github.fijiunet.bioimageio.PackageSteps;
import io.github.fijiunet.bioimageio.Processing;
import io.github.fijiunet.engine.Engines;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.ModelLoadException;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.predict.Classification;
import io.github.fijiunet.predict.ClassificationOptions;
import io.github.fijiunet.predict.ImageClassifier;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.tensor.FloatTensor;
import io.github.fijiunet.tensor.ImagePlusImgs;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.WindowCopy;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.train.ClassificationDataset;
import io.github.fijiunet.train.Dataset;
import io.github.fijiunet.train.SegmentationDataset;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a fiji-unet model folder as a bioimage.io package (format 0.5.7, one zip): the SavedModel
 * as {@code tensorflow_saved_model_bundle} weights, fiji-unet's normalisation as the pre-processing
 * it is ({@code scale_range} over y and x per channel), the output's channel names, a test input
 * cut from {@code testImage} with the test output the model computes from it, a cover (the
 * segmentation's outlines, or the image with its class), the model card as documentation and the
 * descriptor as an attachment. Nothing is written unless all of it is.
 */
public final class BioImageIoExport {

    public static final String FORMAT_VERSION = "0.5.7";
    /** Test inputs are cut to at most this side, so a package stays small (a 256² float32 input is 256 KB). */
    static final int TEST_SIDE = 256;
    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+)");

    /** What the export wrote and what its own check gave. */
    public static final class Report {
        public final Path file;
        public final List<String> files;
        public final String summary;

        Report(Path file, List<String> files, String summary) {
            this.file = file;
            this.files = List.copyOf(files);
            this.summary = summary;
        }
    }

    /** Who made the model and under which licence: what a model card should say and bioimage.io shows. */
    public static final class Metadata {
        final List<String> authors;
        final String license;

        /** {@code authors} as the option gives them, comma-separated. */
        public static Metadata of(String authors, String license) {
            List<String> names = new ArrayList<>();
            for (String a : authors == null ? new String[0] : authors.split(",")) if (!a.isBlank()) names.add(a.trim());
            return new Metadata(names, license);
        }

        public Metadata(List<String> authors, String license) {
            this.authors = authors == null || authors.isEmpty() ? List.of("fiji-unet") : List.copyOf(authors);
            this.license = license == null || license.isBlank() ? null : license.trim();
        }
    }

    private BioImageIoExport() {}

    /** Exports {@code modelDir} to the zip {@code out} with the test image read from a file. */
    public static Report export(Path modelDir, Path testImage, Path out, Metadata metadata, boolean overwrite, Progress progress) {
        if (testImage == null || !Files.isRegularFile(testImage)) {
            throw new InvalidInputException("Give a test image: an image like those the model works on, which the package's own test runs ("
                    + testImage + " is not a file).");
        }
        ImagePlus image = IJ.openImage(testImage.toString());
        if (image == null) throw new InvalidInputException("ImageJ cannot open the test image " + testImage + ".");
        return export(modelDir, image, out, metadata, overwrite, progress);
    }

    /** Exports {@code modelDir} to the zip {@code out} (refused when it exists, unless {@code overwrite}). */
    public static Report export(Path modelDir, ImagePlus image, Path out, Metadata metadata, boolean overwrite, Progress progress) {
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            throw new InvalidInputException("The package is written as a zip: give a file name ending in .zip (e.g. "
                    + modelDir.getFileName() + ".bioimageio.zip).");
        }
        if (Files.exists(out) && !overwrite) {
            throw new InvalidInputException(out + " exists. Choose another file name, or overwrite it (" + ExportOption.OVERWRITE.key() + ").");
        }
        ModelDescriptor descriptor = ModelDescriptor.read(modelDir);
        Map<String, byte[]> files = new LinkedHashMap<>();
        progress.update(0, 4, "running the model on the test image");
        String check;
        try (LoadedModel model = LoadedModel.load(modelDir, RuntimeOptions.DEFAULT)) {
            boolean classifier = descriptor.task() == Task.CLASSIFICATION;
            FloatTensor input = testInput(image, descriptor);
            List<Processing.Step> pre = PackageSteps.preprocessing(descriptor.normalization());
            FloatTensor processed = new FloatTensor(input.shape(), input.data().clone());
            Processing.run(pre, processed, AXES_IN, Map.of());
            int h = input.size(1);
            int w = input.size(2);
            int c = input.size(3);
            float[] result = model.runBatch(processed.data(), 1, h, w, c);
            FloatTensor output = classifier ? new FloatTensor(new int[] {1, descriptor.output().channels()}, result)
                    : new FloatTensor(new int[] {1, h, w, descriptor.output().channels()}, result);
            files.put("test_input.npy", npy(input));
            files.put("test_output.npy", npy(output));
            progress.update(1, 4, "drawing the cover");
            ImagePlus cut = new ImagePlus(image.getTitle(), cutPlane(image, h, w));
            if (classifier) {
                Classification answer = new ImageClassifier(model, ClassificationOptions.defaults()).classify(ImagePlusImgs.planes(cut).plane(0));
                files.put("cover.png", png(classCover(cut, answer.className())));
                check = "test image classified as " + answer.className();
            } else {
                SegmentationOutput segmentation = ImageSegmentation.run(cut, model, SegmentationOptions.defaults(), Progress.NONE);
                files.put("cover.png", png(segmentation.overlayPreview()));
                check = segmentation.objectCount() + " objects in the test input";
            }
        }
        progress.update(2, 4, "packing the weights");
        files.put("tf_saved_model_bundle.zip", zipFolder(modelDir, List.of("saved_model.pb", "variables")));
        if (Files.isRegularFile(modelDir.resolve("MODEL_CARD.md"))) files.put("MODEL_CARD.md", read(modelDir.resolve("MODEL_CARD.md")));
        files.put(ModelDescriptor.FILE_NAME, read(modelDir.resolve(ModelDescriptor.FILE_NAME)));
        Map<String, Object> description = description(descriptor, metadata, files);
        files.put("bioimageio.yaml", yaml(description).getBytes(StandardCharsets.UTF_8));
        progress.update(3, 4, "writing " + out.getFileName());
        AtomicFiles.write(out, overwrite, stream -> {
            try (ZipOutputStream zip = new ZipOutputStream(stream)) {
                for (Map.Entry<String, byte[]> f : files.entrySet()) {
                    zip.putNextEntry(new ZipEntry(f.getKey()));
                    zip.write(f.getValue());
                    zip.closeEntry();
                }
            }
        });
        progress.update(4, 4, "written");
        return new Report(out, new ArrayList<>(files.keySet()), check);
    }

    static final List<String> AXES_IN = List.of("batch", "y", "x", "channel");

    /**
     * The first training sample as a test image, for exporting right after training: the training
     * data's normalisation is already applied, which the package's pre-processing repeats harmlessly.
     */
    public static ImagePlus testImageOf(Dataset training) {
        if (training instanceof ClassificationDataset) {
            ClassificationDataset d = (ClassificationDataset) training;
            return new ImagePlus("training sample", new FloatProcessor(d.width(), d.height(), d.image(0).clone()));
        }
        if (training instanceof SegmentationDataset) {
            SegmentationDataset.Sample s = ((SegmentationDataset) training).samples().get(0);
            return new ImagePlus(s.name, new FloatProcessor(s.width, s.height, s.image.clone()));
        }
        throw new InvalidInputException("No test image for the bioimage.io package: give one.");
    }

    /** The test image's first plane, raw, cut to a size the model takes: [1, h, w, c] float32 (NHWC, fiji-unet's own layout). */
    private static FloatTensor testInput(ImagePlus image, ModelDescriptor descriptor) {
        PlaneSource plane = ImagePlusImgs.planes(image).plane(0);
        int channels = plane.channels();
        if (channels != descriptor.input().channels()) {
            throw new InvalidInputException("The test image has " + channels + " channel(s); the model takes " + descriptor.input().channels() + ".");
        }
        int h;
        int w;
        int[] fixed = descriptor.inputSize();
        if (fixed != null) {
            h = fixed[0];
            w = fixed[1];
            if (plane.height() != h || plane.width() != w) {
                throw new InvalidInputException("The test image is " + plane.width() + "x" + plane.height() + "; the model takes " + w + "x" + h + ".");
            }
        } else {
            int multiple = descriptor.tileMultiple();
            h = Math.min(TEST_SIDE, plane.height()) / multiple * multiple;
            w = Math.min(TEST_SIDE, plane.width()) / multiple * multiple;
            int min = minimumSize(descriptor);
            if (h < min || w < min) {
                throw new InvalidInputException("The test image is " + plane.width() + "x" + plane.height() + "; the package's test needs at least "
                        + min + "x" + min + " pixels.");
            }
        }
        float[] data = new float[h * w * channels];
        WindowCopy.readNhwc(plane, ChannelScaling.identity(channels), 0, 0, w, h, data, 0);
        return new FloatTensor(new int[] {1, h, w, channels}, data);
    }

    /** The smallest input side: one multiple beyond twice the halo, so an output keeps pixels inside its halo. */
    static int minimumSize(ModelDescriptor d) {
        int multiple = d.tileMultiple();
        return (2 * d.halo() + multiple + multiple - 1) / multiple * multiple;
    }

    private static ImageProcessor cutPlane(ImagePlus image, int h, int w) {
        ImageProcessor ip = image.getStack().getProcessor(1).duplicate();
        ip.setRoi(0, 0, w, h);
        return ip.crop();
    }


    private static ImagePlus classCover(ImagePlus image, String className) {
        ImageProcessor big = image.getProcessor().convertToByteProcessor().resize(256, 256, false).convertToRGB();
        big.setColor(java.awt.Color.YELLOW);
        big.setFont(new java.awt.Font("SansSerif", java.awt.Font.BOLD, 20));
        big.drawString(className, 6, 250);
        return new ImagePlus("cover", big);
    }

    private static Map<String, Object> description(ModelDescriptor d, Metadata metadata, Map<String, byte[]> files) {
        boolean classifier = d.task() == Task.CLASSIFICATION;
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format_version", FORMAT_VERSION);
        root.put("type", "model");
        root.put("name", d.name());
        root.put("description", (d.description() == null || d.description().isBlank() ? d.name() + ", exported by fiji-unet" : d.description())
                + (d.temperature() == 1 ? "" : String.format(Locale.ROOT, " The output is the network's own softmax; fiji-unet calibrates it "
                        + "with temperature %s (each probability p^(1/T), renormalised; see the attached fiji-unet.json).", d.temperature())));
        List<Map<String, Object>> authors = new ArrayList<>();
        for (String a : metadata.authors) authors.add(ordered("name", a));
        root.put("authors", authors);
        root.put("cite", citations(d));
        if (metadata.license != null) root.put("license", metadata.license);
        root.put("tags", tags(d));
        root.put("covers", List.of("cover.png"));
        if (files.containsKey("MODEL_CARD.md")) root.put("documentation", "MODEL_CARD.md");
        root.put("attachments", List.of(ordered("source", ModelDescriptor.FILE_NAME, "sha256", sha256(files.get(ModelDescriptor.FILE_NAME)))));
        root.put("timestamp", ZonedDateTime.now(ZoneOffset.UTC).withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));

        Map<String, Object> input = new LinkedHashMap<>();
        input.put("id", d.input().name());
        input.put("description", "raw image intensities (any number type); fiji-unet's normalisation is the pre-processing below");
        List<Object> inAxes = new ArrayList<>();
        inAxes.add(ordered("type", "batch"));
        int[] fixed = d.inputSize();
        for (String axis : List.of("y", "x")) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("type", "space");
            a.put("id", axis);
            a.put("size", fixed != null ? (Object) fixed[axis.equals("y") ? 0 : 1] : ordered("min", minimumSize(d), "step", d.tileMultiple()));
            inAxes.add(a);
        }
        inAxes.add(ordered("type", "channel", "channel_names", channelNames("channel", d.input().channels())));
        input.put("axes", inAxes);
        input.put("test_tensor", ordered("source", "test_input.npy", "sha256", sha256(files.get("test_input.npy"))));
        input.put("preprocessing", PackageSteps.preprocessingYaml(d.normalization()));
        root.put("inputs", List.of(input));

        Map<String, Object> output = new LinkedHashMap<>();
        output.put("id", d.output().name());
        output.put("description", (classifier ? "class probabilities" : "per-pixel probabilities") + " (" + String.join(", ", classNames(d)) + ")");
        List<Object> outAxes = new ArrayList<>();
        outAxes.add(ordered("type", "batch"));
        if (!classifier) {
            for (String axis : List.of("y", "x")) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("type", "space");
                a.put("id", axis);
                a.put("size", ordered("tensor_id", d.input().name(), "axis_id", axis));
                if (d.halo() > 0) a.put("halo", d.halo());
                outAxes.add(a);
            }
        }
        outAxes.add(ordered("type", "channel", "channel_names", classNames(d)));
        output.put("axes", outAxes);
        output.put("test_tensor", ordered("source", "test_output.npy", "sha256", sha256(files.get("test_output.npy"))));
        output.put("data", ordered("type", "float32", "range", List.of(0.0, 1.0)));
        root.put("outputs", List.of(output));

        Map<String, Object> weights = new LinkedHashMap<>();
        weights.put("source", "tf_saved_model_bundle.zip");
        weights.put("sha256", sha256(files.get("tf_saved_model_bundle.zip")));
        weights.put("tensorflow_version", tensorFlowVersion());
        weights.put("comment", "SavedModel written by fiji-unet (TensorFlow Java), signature serving_default, float32 NHWC.");
        root.put("weights", ordered("tensorflow_saved_model_bundle", weights));
        return root;
    }

    /** Channel names bioimage.io accepts (identifiers, no slashes or spaces): "T-shirt/top" becomes "T-shirt_top". */
    static List<String> classNames(ModelDescriptor d) {
        List<String> classes = d.classes().isEmpty() ? channelNames("class", d.output().channels()) : d.classes();
        return classes.stream().map(n -> n.replaceAll("[^A-Za-z0-9_.-]", "_")).collect(Collectors.toList());
    }

    private static List<String> channelNames(String prefix, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) names.add(prefix + i);
        return names;
    }

    private static List<Map<String, Object>> citations(ModelDescriptor d) {
        String architecture = d.training().has("architecture") ? d.training().get("architecture").getAsString() : "";
        List<Map<String, Object>> cite = new ArrayList<>();
        if (architecture.equals("cnn") || d.task() == Task.CLASSIFICATION) {
            cite.add(ordered("text", "LeCun, Y. et al. Gradient-based learning applied to document recognition. Proc. IEEE 86 (1998).",
                    "doi", "10.1109/5.726791"));
        } else if (architecture.equals("unetpp")) {
            cite.add(ordered("text", "Zhou, Z. et al. UNet++: A nested U-Net architecture for medical image segmentation. DLMIA 2018.",
                    "doi", "10.1007/978-3-030-00889-5_1"));
        } else {
            cite.add(ordered("text", "Ronneberger, O. et al. U-Net: Convolutional networks for biomedical image segmentation. MICCAI 2015.",
                    "doi", "10.1007/978-3-319-24574-4_28"));
        }
        return cite;
    }

    private static List<String> tags(ModelDescriptor d) {
        List<String> tags = new ArrayList<>(List.of("fiji-unet", "2d", "tensorflow"));
        tags.add(d.task() == Task.CLASSIFICATION ? "classification" : d.task() == Task.INSTANCE ? "instance-segmentation" : "semantic-segmentation");
        return tags;
    }

    /** A mapping that keeps the order its keys are given in, so the YAML reads as the format's examples do. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }

    private static String tensorFlowVersion() {
        Matcher m = VERSION.matcher(Engines.tensorFlow().name());
        if (!m.find()) throw new ModelLoadException("Cannot tell the TensorFlow version from \"" + Engines.tensorFlow().name() + "\".");
        return m.group(1);
    }

    private static String yaml(Map<String, Object> description) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(120);
        return "# bioimage.io model description written by fiji-unet\n" + new Yaml(options).dump(description);
    }

    private static byte[] npy(FloatTensor t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Npy.write(t, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] png(ImagePlus rgb) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            SegmentationOutput.png(rgb.getType() == ImagePlus.COLOR_RGB ? rgb : rgb.flatten()).writeTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read " + file + ": " + AtomicFiles.reason(e) + ".");
        }
    }

    /** The named entries of {@code folder} (files, and folders with everything in them) as a zip. */
    private static byte[] zipFolder(Path folder, List<String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String entry : entries) {
                Path start = folder.resolve(entry);
                if (!Files.exists(start)) throw new ModelLoadException("The model folder " + folder + " has no " + entry + ".");
                try (Stream<Path> walk = Files.walk(start)) {
                    for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                        String name = folder.relativize(p).toString().replace('\\', '/');
                        if (Files.isDirectory(p)) {
                            zip.putNextEntry(new ZipEntry(name + "/"));
                        } else {
                            zip.putNextEntry(new ZipEntry(name));
                            Files.copy(p, zip);
                        }
                        zip.closeEntry();
                    }
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException("Cannot pack the weights of " + folder + ": " + AtomicFiles.reason(e) + ".");
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        return BioImageIoPackage.sha256(new java.io.ByteArrayInputStream(bytes));
    }
}
