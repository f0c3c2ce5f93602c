package io.github.fijiunet.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds and starts the engines, each once per JVM in its own {@link EngineClassLoader} (a native
 * library can belong to one class loader only). Each engine is a folder of the ImageJ/Fiji folder,
 * {@value #TENSORFLOW_FOLDER} (fiji-unet's models, training, bioimage.io SavedModels) and
 * {@value #ONNX_FOLDER} (bioimage.io ONNX weights): outside {@code jars/} and {@code plugins/},
 * which Fiji's launcher puts on one flat class path, so other plugins' TensorFlow (CSBDeep's 1.15)
 * or ONNX Runtime and fiji-unet's never meet. A folder is looked for above the folder holding
 * fiji-unet's jar (or classes, in a build tree: {@code target/lib/fiji-unet/engine-tf}), in the
 * folders ImageJ and Fiji name ({@code ij.dir}, {@code imagej.dir}, {@code fiji.dir}), or where
 * its {@code -D} property says.
 */
public final class Engines {

    /** Where the TensorFlow engine's jars live, relative to the ImageJ/Fiji folder. */
    public static final String TENSORFLOW_FOLDER = "lib/fiji-unet/engine-tf";
    /** Overrides the search: the engine folder itself. */
    public static final String TENSORFLOW_PROPERTY = "fijiunet.engine.tf";
    /** Where the ONNX Runtime engine's jars live, relative to the ImageJ/Fiji folder. */
    public static final String ONNX_FOLDER = "lib/fiji-unet/engine-onnx";
    public static final String ONNX_PROPERTY = "fijiunet.engine.onnx";

    /** One engine's folder, the class that implements it there and the jars it must hold. */
    enum Kind {
        TENSORFLOW("TensorFlow", TENSORFLOW_FOLDER, TENSORFLOW_PROPERTY, "io.github.fijiunet.engine.tf.TensorFlowEngine",
                "-engine-tf.jar", "tensorflow-core-api-", "TensorFlow Java"),
        ONNX("ONNX Runtime", ONNX_FOLDER, ONNX_PROPERTY, "io.github.fijiunet.engine.onnx.OnnxEngine",
                "-engine-onnx.jar", "onnxruntime", "ONNX Runtime Java");

        final String title;
        final String folder;
        final String property;
        final String className;
        /** The engine's own jar, as the build names it ({@code <plugin jar>-engine-xx.jar}). */
        final String engineJarSuffix;
        final String runtimeJarPrefix;
        final String runtimeName;

        Kind(String title, String folder, String property, String className, String engineJarSuffix, String runtimeJarPrefix,
             String runtimeName) {
            this.title = title;
            this.folder = folder;
            this.property = property;
            this.className = className;
            this.engineJarSuffix = engineJarSuffix;
            this.runtimeJarPrefix = runtimeJarPrefix;
            this.runtimeName = runtimeName;
        }

        String repair() {
            return "Reinstall fiji-unet (its update site, or mvn -Pinstall -Dfiji.app=<your Fiji.app>), which puts the "
                    + "engine into " + folder + " of the Fiji folder, or give the folder with -D" + property + "=<folder>.";
        }
    }

    private static final int LEVELS_UP = 4;

    private static final java.util.Map<Kind, Engine> STARTED = new java.util.EnumMap<>(Kind.class);
    private static final java.util.Map<Kind, EngineUnavailableException> FAILED = new java.util.EnumMap<>(Kind.class);

    private Engines() {}

    /**
     * The TensorFlow engine, started on first use (about 0.5 s: its native library); a missing or
     * damaged folder is an {@link EngineUnavailableException} naming it, every time it is asked for.
     */
    public static TrainingEngine tensorFlow() {
        return (TrainingEngine) started(Kind.TENSORFLOW);
    }

    /** The ONNX Runtime engine, started on first use; failures as for {@link #tensorFlow()}. */
    public static Engine onnx() {
        return started(Kind.ONNX);
    }

    private static synchronized Engine started(Kind kind) {
        Engine engine = STARTED.get(kind);
        if (engine != null) return engine;
        if (FAILED.containsKey(kind)) throw FAILED.get(kind);
        try {
            engine = start(kind, folder(kind));
            STARTED.put(kind, engine);
            return engine;
        } catch (EngineUnavailableException e) {
            FAILED.put(kind, e);
            throw e;
        }
    }

    static Path tensorFlowFolder() {
        return folder(Kind.TENSORFLOW);
    }

    /** The engine folder: its {@code -D} property, or the first {@link Kind#folder} found. */
    static Path folder(Kind kind) {
        String configured = System.getProperty(kind.property);
        if (configured != null && !configured.isBlank()) {
            Path folder = Paths.get(configured);
            if (!Files.isDirectory(folder)) {
                throw new EngineUnavailableException("fiji-unet's " + kind.title + " engine folder " + folder + " (-D" + kind.property
                        + ") does not exist. " + kind.repair());
            }
            return folder;
        }
        Set<Path> searched = new LinkedHashSet<>();
        for (Path root : roots()) {
            Path candidate = root.resolve(kind.folder);
            if (Files.isDirectory(candidate)) return candidate;
            searched.add(candidate);
        }
        throw new EngineUnavailableException("fiji-unet's " + kind.title + " engine is missing: there is no folder " + kind.folder
                + " (looked for " + searched.stream().map(Path::toString).collect(Collectors.joining(", ")) + "). " + kind.repair());
    }

    /** The folders above fiji-unet's own code, nearest first, then ImageJ's and Fiji's folders. */
    private static List<Path> roots() {
        List<Path> roots = new ArrayList<>();
        for (Path dir = codeFolder(); dir != null && roots.size() < LEVELS_UP; dir = dir.getParent()) {
            roots.add(dir);
        }
        for (String property : new String[] {"ij.dir", "imagej.dir", "fiji.dir"}) {
            String dir = System.getProperty(property);
            if (dir != null && !dir.isBlank()) roots.add(Paths.get(dir));
        }
        return roots;
    }

    /** The folder holding fiji-unet's jar, or its classes folder in a build tree. */
    private static Path codeFolder() {
        CodeSource source = Engines.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) return null;
        try {
            Path location = Paths.get(source.getLocation().toURI());
            return Files.isDirectory(location) ? location : location.getParent();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Engine start(Kind kind, Path folder) {
        List<Path> jars = jars(kind, folder);
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new EngineUnavailableException("fiji-unet cannot read " + jars.get(i) + ": " + e.getMessage() + ". " + kind.repair(), e);
            }
        }
        EngineClassLoader loader = new EngineClassLoader("fiji-unet " + folder.getFileName(), urls, Engines.class.getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return (Engine) loader.loadClass(kind.className).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            throw new EngineUnavailableException("fiji-unet's " + kind.title + " engine in " + folder + " could not start (" + cause
                    + "): the folder is damaged, incomplete or from another fiji-unet version. " + kind.repair(), cause);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The TensorFlow engine folder's jars, checked as {@link #jars(Kind, Path)} does. */
    static List<Path> jars(Path folder) {
        return jars(Kind.TENSORFLOW, folder);
    }

    /**
     * The folder's jars, refused when the engine's own jar or its runtime's is missing or present in
     * two versions (an install over an older one that kept its jars).
     */
    static List<Path> jars(Kind kind, Path folder) {
        List<Path> jars;
        try (Stream<Path> entries = Files.list(folder)) {
            jars = entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        } catch (IOException | UncheckedIOException e) {
            throw new EngineUnavailableException("fiji-unet cannot read its " + kind.title + " engine folder " + folder + ": " + e.getMessage()
                    + ". Check its permissions. " + kind.repair(), e);
        }
        requireOne(kind, folder, jars, kind.engineJarSuffix, false, "fiji-unet's engine jar (*" + kind.engineJarSuffix + ")");
        requireOne(kind, folder, jars, kind.runtimeJarPrefix, true, kind.runtimeName + " (" + kind.runtimeJarPrefix + "*.jar)");
        for (Path jar : jars) {
            try (JarFile ignored = new JarFile(jar.toFile())) {
                // opens: not truncated or overwritten by something else
            } catch (IOException e) {
                throw new EngineUnavailableException("The jar " + jar + " of fiji-unet's " + kind.title + " engine is damaged (" + e.getMessage()
                        + "). " + kind.repair(), e);
            }
        }
        return jars;
    }

    private static void requireOne(Kind kind, Path folder, List<Path> jars, String affix, boolean prefix, String what) {
        List<String> matching = jars.stream().map(p -> p.getFileName().toString())
                .filter(n -> prefix ? n.startsWith(affix) : n.endsWith(affix)).collect(Collectors.toList());
        if (matching.isEmpty()) {
            throw new EngineUnavailableException("fiji-unet's " + kind.title + " engine folder " + folder + " has no " + what + ". " + kind.repair());
        }
        if (matching.size() > 1) {
            String repair = kind.repair();
            throw new EngineUnavailableException("fiji-unet's " + kind.title + " engine folder " + folder + " holds " + what + " in more than one version "
                    + matching + ". Delete the folder, then " + Character.toLowerCase(repair.charAt(0)) + repair.substring(1));
        }
    }
}
