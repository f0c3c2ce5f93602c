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
 * library can belong to one class loader only). The TensorFlow engine is the folder
 * {@value #TENSORFLOW_FOLDER} of the ImageJ/Fiji folder: outside {@code jars/} and
 * {@code plugins/}, which Fiji's launcher puts on one flat class path, so other plugins' TensorFlow
 * (CSBDeep's 1.15) and fiji-unet's never meet. It is looked for above the folder holding
 * fiji-unet's jar (or classes, in a build tree: {@code target/lib/fiji-unet/engine-tf}), in the
 * folders ImageJ and Fiji name ({@code ij.dir}, {@code imagej.dir}, {@code fiji.dir}), or where
 * {@code -D}{@value #TENSORFLOW_PROPERTY} says.
 */
public final class Engines {

    /** Where the TensorFlow engine's jars live, relative to the ImageJ/Fiji folder. */
    public static final String TENSORFLOW_FOLDER = "lib/fiji-unet/engine-tf";
    /** Overrides the search: the engine folder itself. */
    public static final String TENSORFLOW_PROPERTY = "fijiunet.engine.tf";

    private static final String TENSORFLOW_CLASS = "io.github.fijiunet.engine.tf.TensorFlowEngine";
    /** The engine's own jar, as the build names it ({@code <plugin jar>-engine-tf.jar}). */
    private static final String ENGINE_JAR_SUFFIX = "-engine-tf.jar";
    private static final String TENSORFLOW_JAR_PREFIX = "tensorflow-core-api-";
    private static final String REPAIR = "Reinstall fiji-unet (its update site, or mvn -Pinstall -Dfiji.app=<your Fiji.app>), which puts the "
            + "engine into " + TENSORFLOW_FOLDER + " of the Fiji folder, or give the folder with -D" + TENSORFLOW_PROPERTY + "=<folder>.";
    private static final int LEVELS_UP = 4;

    private static TrainingEngine tensorFlow;
    private static EngineUnavailableException failure;

    private Engines() {}

    /**
     * The TensorFlow engine, started on first use (about 0.5 s: its native library); a missing or
     * damaged folder is an {@link EngineUnavailableException} naming it, every time it is asked for.
     */
    public static synchronized TrainingEngine tensorFlow() {
        if (tensorFlow != null) return tensorFlow;
        if (failure != null) throw failure;
        try {
            tensorFlow = start(tensorFlowFolder());
            return tensorFlow;
        } catch (EngineUnavailableException e) {
            failure = e;
            throw e;
        }
    }

    /** The engine folder: {@code -D}{@value #TENSORFLOW_PROPERTY}, or the first {@value #TENSORFLOW_FOLDER} found. */
    static Path tensorFlowFolder() {
        String configured = System.getProperty(TENSORFLOW_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path folder = Paths.get(configured);
            if (!Files.isDirectory(folder)) {
                throw new EngineUnavailableException("fiji-unet's TensorFlow engine folder " + folder + " (-D" + TENSORFLOW_PROPERTY
                        + ") does not exist. " + REPAIR);
            }
            return folder;
        }
        Set<Path> searched = new LinkedHashSet<>();
        for (Path root : roots()) {
            Path candidate = root.resolve(TENSORFLOW_FOLDER);
            if (Files.isDirectory(candidate)) return candidate;
            searched.add(candidate);
        }
        throw new EngineUnavailableException("fiji-unet's TensorFlow engine is missing: there is no folder " + TENSORFLOW_FOLDER
                + " (looked for " + searched.stream().map(Path::toString).collect(Collectors.joining(", ")) + "). " + REPAIR);
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

    private static TrainingEngine start(Path folder) {
        List<Path> jars = jars(folder);
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new EngineUnavailableException("fiji-unet cannot read " + jars.get(i) + ": " + e.getMessage() + ". " + REPAIR, e);
            }
        }
        EngineClassLoader loader = new EngineClassLoader("fiji-unet engine-tf", urls, Engines.class.getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return (TrainingEngine) loader.loadClass(TENSORFLOW_CLASS).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            throw new EngineUnavailableException("fiji-unet's TensorFlow engine in " + folder + " could not start (" + cause
                    + "): the folder is damaged, incomplete or from another fiji-unet version. " + REPAIR, cause);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The folder's jars, refused when the engine's own jar or TensorFlow's is missing or present in
     * two versions (an install over an older one that kept its jars).
     */
    static List<Path> jars(Path folder) {
        List<Path> jars;
        try (Stream<Path> entries = Files.list(folder)) {
            jars = entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        } catch (IOException | UncheckedIOException e) {
            throw new EngineUnavailableException("fiji-unet cannot read its TensorFlow engine folder " + folder + ": " + e.getMessage()
                    + ". Check its permissions. " + REPAIR, e);
        }
        requireOne(folder, jars, ENGINE_JAR_SUFFIX, false, "fiji-unet's engine jar (*" + ENGINE_JAR_SUFFIX + ")");
        requireOne(folder, jars, TENSORFLOW_JAR_PREFIX, true, "TensorFlow Java (" + TENSORFLOW_JAR_PREFIX + "*.jar)");
        for (Path jar : jars) {
            try (JarFile ignored = new JarFile(jar.toFile())) {
                // opens: not truncated or overwritten by something else
            } catch (IOException e) {
                throw new EngineUnavailableException("The jar " + jar + " of fiji-unet's TensorFlow engine is damaged (" + e.getMessage() + "). "
                        + REPAIR, e);
            }
        }
        return jars;
    }

    private static void requireOne(Path folder, List<Path> jars, String affix, boolean prefix, String what) {
        List<String> matching = jars.stream().map(p -> p.getFileName().toString())
                .filter(n -> prefix ? n.startsWith(affix) : n.endsWith(affix)).collect(Collectors.toList());
        if (matching.isEmpty()) {
            throw new EngineUnavailableException("fiji-unet's TensorFlow engine folder " + folder + " has no " + what + ". " + REPAIR);
        }
        if (matching.size() > 1) {
            throw new EngineUnavailableException("fiji-unet's TensorFlow engine folder " + folder + " holds " + what + " in more than one version "
                    + matching + ". Delete the folder, then " + Character.toLowerCase(REPAIR.charAt(0)) + REPAIR.substring(1));
        }
    }
}
