package io.github.fijiunet.bioimageio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import ij.IJ;
import ij.ImagePlus;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.predict.Classification;
import io.github.fijiunet.predict.ClassificationOptions;
import io.github.fijiunet.predict.ImageClassifier;
import io.github.fijiunet.predict.Temperature;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.tensor.FloatTensor;
import io.github.fijiunet.tensor.ImagePlusImgs;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.WindowCopy;
import io.github.fijiunet.workflow.BioImageIoExport;
import io.github.fijiunet.workflow.ImageSegmentation;
import io.github.fijiunet.workflow.SegmentationOutput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shipped model exported as a bioimage.io package: the description validates against the
 * format's JSON schema, the package's own test passes when fiji-unet imports it, and the imported
 * package gives the native model's labels (or class) on a test image.
 */
class BioImageIoExportTest {

    private static final Path SCHEMA = Path.of("src", "test", "resources", "bioimageio", "bioimageio_schema.json");
    private static JsonSchema schema;

    @TempDir
    static Path dir;

    @BeforeAll
    static void readSchema() throws Exception {
        JsonNode node = new ObjectMapper().readTree(SCHEMA.toFile());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
    }

    static Set<ValidationMessage> validate(Path zip) throws Exception {
        Object description;
        try (ZipFile file = new ZipFile(zip.toFile()); InputStream in = file.getInputStream(file.getEntry("bioimageio.yaml"))) {
            description = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        return schema.validate(new ObjectMapper().valueToTree(description));
    }

    @ParameterizedTest
    @CsvSource({"nuclei-unet, test-images/nuclei/images/00071198d059ba7f.tif, test-images/nuclei/images/0280fa8f60f6bcae.tif",
        "nuclei-unetpp, test-images/nuclei/images/00071198d059ba7f.tif, test-images/nuclei/images/0280fa8f60f6bcae.tif",
        "em-membrane-unet, test-images/em/images/27.png, test-images/em/images/27.png"})
    void segmentationModelsExportValidateAndSegmentAsNatively(String name, String testImage, String otherImage) throws Exception {
        Path native_ = ModelCatalog.standard().resolve(name);
        Path zip = dir.resolve(name + ".bioimageio.zip");
        long start = System.nanoTime();
        BioImageIoExport.export(native_, Path.of(testImage), zip, new BioImageIoExport.Metadata(List.of("fiji-unet tests"), "MIT"), false, Progress.NONE);
        double exportSeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(Set.of(), validate(zip), "the description validates against bioimage.io's schema");
        try (BioImageIoModel imported = BioImageIoModel.load(zip, RuntimeOptions.DEFAULT, null)) {
            assertEquals("tensorflow_saved_model_bundle", imported.weightFormat());
            PackageTest.Result test = PackageTest.run(imported);
            assertTrue(test.passed(), test.summary());
        }
        ImagePlus image = IJ.openImage(otherImage);
        SegmentationOutput nativeOut;
        SegmentationOutput importedOut;
        long nativeNanos;
        long importedNanos;
        try (LoadedModel model = LoadedModel.load(native_, RuntimeOptions.DEFAULT)) {
            ImageSegmentation.run(image, model, SegmentationOptions.defaults(), Progress.NONE); // warm
            long t = System.nanoTime();
            nativeOut = ImageSegmentation.run(image, model, SegmentationOptions.defaults(), Progress.NONE);
            nativeNanos = System.nanoTime() - t;
        }
        try (LoadedModel model = LoadedModel.load(zip, RuntimeOptions.DEFAULT)) {
            ImageSegmentation.run(image, model, SegmentationOptions.defaults(), Progress.NONE);
            long t = System.nanoTime();
            importedOut = ImageSegmentation.run(image, model, SegmentationOptions.defaults(), Progress.NONE);
            importedNanos = System.nanoTime() - t;
        }
        int[] a = nativeOut.planes().get(0).labels().labels();
        int[] b = importedOut.planes().get(0).labels().labels();
        int differing = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) differing++;
        System.out.printf("%s: export %.1f s; native %d objects in %.0f ms, imported package %d objects in %.0f ms, %d of %d label pixels differ%n",
                name, exportSeconds, nativeOut.objectCount(), nativeNanos / 1e6, importedOut.objectCount(), importedNanos / 1e6, differing, a.length);
        assertEquals(nativeOut.objectCount(), importedOut.objectCount(), "the same objects");
        assertTrue(differing <= a.length / 10000, differing + " label pixels differ");
    }

    @Test
    void theClassifierExportsAndClassifiesAsNatively() throws Exception {
        Path native_ = ModelCatalog.standard().resolve("fashion-cnn");
        Path samples = dir.resolve("fashion-first.tif");
        ImagePlus stack = IJ.openImage("test-images/fashion-mnist/t10k-first200.tif");
        IJ.saveAsTiff(new ImagePlus("first", stack.getStack().getProcessor(1)), samples.toString());
        Path zip = dir.resolve("fashion-cnn.bioimageio.zip");
        BioImageIoExport.export(native_, samples, zip, new BioImageIoExport.Metadata(List.of(), null), false, Progress.NONE);
        assertEquals(Set.of(), validate(zip));
        try (BioImageIoModel imported = BioImageIoModel.load(zip, RuntimeOptions.DEFAULT, null);
             LoadedModel model = LoadedModel.load(native_, RuntimeOptions.DEFAULT)) {
            assertTrue(PackageTest.run(imported).passed());
            ImageClassifier classifier = new ImageClassifier(model, ClassificationOptions.defaults());
            for (int slice = 2; slice <= 6; slice++) {
                PlaneSource plane = ImagePlusImgs.planes(new ImagePlus("s", stack.getStack().getProcessor(slice))).plane(0);
                Classification expected = classifier.classify(plane);
                float[] pixels = new float[28 * 28];
                WindowCopy.readNhwc(plane, io.github.fijiunet.tensor.ChannelScaling.identity(1), 0, 0, 28, 28, pixels, 0);
                FloatTensor out = imported.predict(Map.of("input", new FloatTensor(new int[] {1, 28, 28, 1}, pixels))).get("output");
                // the package holds the network's softmax; fiji-unet calibrates it with the descriptor's temperature
                float[] calibrated = out.data();
                Temperature.apply(calibrated, 0, calibrated.length, model.descriptor().temperature());
                assertArrayEquals(expected.probabilities(), calibrated, 1e-4f, "slice " + slice);
            }
        }
    }

    /** The schema check can fail: the format's own example validates once it names 0.5.7, and not with a misspelt axis type. */
    @Test
    void theSchemaRefusesAWrongDescription() throws Exception {
        String example = Files.readString(BioImageIoPackageTest.NUCLEI_BROAD.resolve("bioimageio.yaml")).replace("format_version: 0.5.4", "format_version: 0.5.7");
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        assertEquals(Set.of(), schema.validate(new ObjectMapper().valueToTree(yaml.load(example))));
        Set<ValidationMessage> errors = schema.validate(new ObjectMapper().valueToTree(yaml.load(example.replace("type: space", "type: spaces"))));
        assertTrue(!errors.isEmpty(), "a misspelt axis type passes the schema");
    }

    @Test
    void anExistingPackageIsKeptUnlessOverwritten() throws Exception {
        Path zip = Files.writeString(dir.resolve("kept.zip"), "a file of the user's");
        String message = assertThrows(InvalidInputException.class, () -> BioImageIoExport.export(ModelCatalog.standard().resolve("nuclei-unet"),
                Path.of("test-images/nuclei/images/00071198d059ba7f.tif"), zip, new BioImageIoExport.Metadata(List.of(), null), false,
                Progress.NONE)).getMessage();
        assertTrue(message.contains("exists") && message.contains("overwrite"), message);
        assertEquals("a file of the user's", Files.readString(zip));
    }
}
