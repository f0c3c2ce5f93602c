package io.github.fijiunet.engine;

import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.RuntimeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's isolation: what lives where, which loader gives which class, and how a broken engine folder reads. */
class EngineBoundaryTest {

    private static final Path CLASSES = Path.of("target", "classes");
    /** Each engine's libraries, which only its own package may name. */
    private static final Map<String, List<String>> ENGINE_LIBRARIES = Map.of(
            "io/github/fijiunet/engine/tf/", List.of("org/tensorflow/", "org/bytedeco/", "com/google/protobuf/"),
            "io/github/fijiunet/engine/onnx/", List.of("ai/onnxruntime/"));

    @Test
    void onlyEachEngineImplementationNamesItsLibraries() throws IOException {
        List<String> offenders = new java.util.ArrayList<>();
        try (Stream<Path> classes = Files.walk(CLASSES.resolve("io/github/fijiunet"))) {
            for (Path p : classes.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList())) {
                String name = CLASSES.relativize(p).toString().replace('\\', '/');
                String constants = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                for (Map.Entry<String, List<String>> engine : ENGINE_LIBRARIES.entrySet()) {
                    if (name.startsWith(engine.getKey())) continue;
                    // a class file's constant pool holds the internal names of every class it refers to
                    if (engine.getValue().stream().anyMatch(constants::contains)) offenders.add(name + " names " + engine.getValue());
                }
            }
        }
        assertEquals(List.of(), offenders, "classes outside an engine's package that reference its libraries");
    }

    @Test
    void theOnnxEngineRunsInAClassLoaderOfItsOwn() {
        Engine onnx = Engines.onnx();
        assertSame(onnx, Engines.onnx());
        ClassLoader loader = onnx.getClass().getClassLoader();
        assertTrue(loader instanceof EngineClassLoader, String.valueOf(loader));
        assertNotSame(loader, Engines.tensorFlow().getClass().getClassLoader(), "each engine has its own loader");
        assertTrue(onnx.name().startsWith("ONNX Runtime 1.23.2"), onnx.name());
        try {
            // Maven's test class path has the provided ONNX Runtime too: the engine keeps its own.
            assertNotSame(Class.forName("ai.onnxruntime.OrtEnvironment"), loader.loadClass("ai.onnxruntime.OrtEnvironment"));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theEngineRunsInItsOwnClassLoaderBehindTheSharedInterface() {
        TrainingEngine engine = Engines.tensorFlow();
        assertSame(engine, Engines.tensorFlow(), "one engine per JVM: its native library belongs to one class loader");
        ClassLoader loader = engine.getClass().getClassLoader();
        assertTrue(loader instanceof EngineClassLoader, String.valueOf(loader));
        assertSame(Engine.class.getClassLoader(), EngineBoundaryTest.class.getClassLoader(), "the interface is the application's");
        assertTrue(engine.name().startsWith("TensorFlow 2."), engine.name());
        try {
            // The test class path has TensorFlow Java too (test fixtures write SavedModels with it): the engine keeps its own.
            assertNotSame(Class.forName("org.tensorflow.TensorFlow"), loader.loadClass("org.tensorflow.TensorFlow"));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
        try (LoadedModel model = LoadedModel.load(Path.of("models", "nuclei-unet"), RuntimeOptions.DEFAULT)) {
            assertEquals("nuclei-unet", model.descriptor().name());
        }
    }

    @Test
    void fijiUnetsOwnClassesComeFromTheParentAndTheEnginesFromTheirJars() {
        assertTrue(EngineClassLoader.parentFirst("io.github.fijiunet.model.ModelDescriptor"));
        assertTrue(EngineClassLoader.parentFirst("io.github.fijiunet.engine.Engine"));
        assertTrue(EngineClassLoader.parentFirst("java.util.List"));
        assertTrue(EngineClassLoader.parentFirst("net.imglib2.img.Img"));
        assertFalse(EngineClassLoader.parentFirst("io.github.fijiunet.engine.tf.TensorFlowEngine"));
        assertFalse(EngineClassLoader.parentFirst("org.tensorflow.Graph"));
        assertFalse(EngineClassLoader.parentFirst("com.google.protobuf.Message"));
        assertFalse(EngineClassLoader.parentFirst("org.bytedeco.javacpp.Loader"));
    }

    @Test
    void aMissingEngineFolderNamesItAndTheFix(@TempDir Path tmp) {
        Path missing = tmp.resolve("engine-tf");
        String message = withProperty(missing.toString(), () -> assertThrows(EngineUnavailableException.class, Engines::tensorFlowFolder)).getMessage();
        assertTrue(message.contains(missing.toString()) && message.contains("does not exist") && message.contains("Reinstall fiji-unet")
                && message.contains(Engines.TENSORFLOW_FOLDER), message);
    }

    @Test
    void anEngineFolderWithoutItsJarsOrWithTwoVersionsIsRefusedByName(@TempDir Path tmp) throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("engine-tf"));
        String empty = assertThrows(EngineUnavailableException.class, () -> Engines.jars(folder)).getMessage();
        assertTrue(empty.contains(folder.toString()) && empty.contains("has no fiji-unet's engine jar") && empty.contains("Reinstall"), empty);

        Path built = Engines.tensorFlowFolder();
        try (Stream<Path> jars = Files.list(built)) {
            for (Path jar : jars.collect(Collectors.toList())) Files.copy(jar, folder.resolve(jar.getFileName()));
        }
        assertEquals(8, Engines.jars(folder).size());
        Files.copy(folder.resolve("tensorflow-core-api-1.1.0.jar"), folder.resolve("tensorflow-core-api-1.0.0.jar"));
        String two = assertThrows(EngineUnavailableException.class, () -> Engines.jars(folder)).getMessage();
        assertTrue(two.contains("more than one version") && two.contains("tensorflow-core-api-1.0.0.jar") && two.contains("Delete the folder"), two);

        Files.delete(folder.resolve("tensorflow-core-api-1.0.0.jar"));
        Files.writeString(folder.resolve("ndarray-1.0.0.jar"), "not a jar: a download cut short");
        String damaged = assertThrows(EngineUnavailableException.class, () -> Engines.jars(folder)).getMessage();
        assertTrue(damaged.contains("ndarray-1.0.0.jar") && damaged.contains("is damaged"), damaged);
    }

    private static <T> T withProperty(String value, java.util.function.Supplier<T> action) {
        String before = System.getProperty(Engines.TENSORFLOW_PROPERTY);
        System.setProperty(Engines.TENSORFLOW_PROPERTY, value);
        try {
            return action.get();
        } finally {
            if (before == null) System.clearProperty(Engines.TENSORFLOW_PROPERTY);
            else System.setProperty(Engines.TENSORFLOW_PROPERTY, before);
        }
    }
}
