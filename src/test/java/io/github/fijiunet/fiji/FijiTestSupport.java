package io.github.fijiunet.fiji;

import io.github.fijiunet.TestModels;

import io.github.fijiunet.engine.Engines;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Shared fixtures for the Fiji front-end tests: the nuclei test image, a model folder root holding
 * a small exported U-Net ({@value #MODEL}), the plugin jar built from {@code target/classes} the way
 * Maven packages it, and ImageJ subprocesses with a timeout.
 */
final class FijiTestSupport {

    static final String MODEL = "tiny-unet";
    static final Path NUCLEI = Path.of("test-images/nuclei/images/00071198d059ba7f.tif").toAbsolutePath();
    static final Path NUCLEI_MASK = Path.of("test-images/nuclei/masks/00071198d059ba7f.tif").toAbsolutePath();

    private static Path modelRoot;

    private FijiTestSupport() {}

    /** A models folder with {@value #MODEL} inside (exported once per JVM). */
    static synchronized Path modelRoot() throws IOException {
        if (modelRoot == null) {
            Path root = Files.createTempDirectory("fiji-unet-models");
            TestModels.exportTinyUNet(root.resolve(MODEL), 1, 1);
            modelRoot = root;
        }
        return modelRoot;
    }

    /** {@code dir/plugins/fiji_unet-test.jar} holding target/classes (plugins.config at its root). */
    static Path pluginsDir(Path dir) throws IOException {
        Path classes = Path.of("target/classes").toAbsolutePath();
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = plugins.resolve("fiji_unet-test.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            // As the build's plugin jar: the TensorFlow engine's classes live in the engine folder only.
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)
                    .filter(f -> !classes.relativize(f).startsWith(Path.of("io", "github", "fijiunet", "engine", "tf")))::iterator) {
                zip.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                try (InputStream in = Files.newInputStream(f)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        // The engine folders the build assembled, where -Pinstall puts them (links: they hold 170 MB of TensorFlow, 75 MB of ONNX Runtime).
        for (String folder : List.of(Engines.TENSORFLOW_FOLDER, Engines.ONNX_FOLDER)) {
            Path engine = dir.resolve(folder);
            Files.createDirectories(engine.getParent());
            Files.createSymbolicLink(engine, Path.of("target").resolve(folder).toAbsolutePath());
        }
        return plugins;
    }

    /**
     * The test JVM's class path without the project's own classes, the test framework and SciJava:
     * ij.jar, ImgLib2 and the runtime dependencies, i.e. what {@code mvn -Pinstall,plain-imagej}
     * puts into a plain ImageJ (so the ImageJ 1.x route is shown not to need SciJava).
     */
    static String dependencyClassPath(boolean withTestClasses) {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String n = entry.replace('\\', '/');
            if (n.endsWith("target/classes") || n.endsWith("target/classes/")) continue;
            if (!withTestClasses && (n.endsWith("target/test-classes") || n.endsWith("target/test-classes/"))) continue;
            if (n.contains("/org/tensorflow/") || n.contains("/org/bytedeco/") || n.contains("/com/google/protobuf/")) continue; // the engine's
            if (n.contains("/org/scijava/") || n.contains("junit") || n.contains("opentest4j") || n.contains("apiguardian") || n.contains("surefire")) continue;
            kept.add(entry);
        }
        return String.join(File.pathSeparator, kept);
    }

    static boolean hasXvfb() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "xvfb-run"))) return true;
        }
        return false;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Output and exit code of a finished subprocess. */
    static final class Run {
        final int exitCode;
        final String output;
        final double seconds;

        Run(int exitCode, String output, double seconds) {
            this.exitCode = exitCode;
            this.output = output;
            this.seconds = seconds;
        }
    }

    /** Runs {@code command} in {@code dir} (stdout and stderr merged), killed after {@code timeoutSeconds}. */
    static Run run(List<String> command, Path dir, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "process", ".log");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println("--- " + String.join(" ", command.subList(0, Math.min(3, command.size()))) + " ... ("
                + String.format("%.1f", seconds) + " s)\n" + output);
        if (!finished) throw new AssertionError("Timed out after " + timeoutSeconds + " s:\n" + output);
        return new Run(p.exitValue(), output, seconds);
    }

    /** The value printed by a macro as {@code KEY=value}, or null. */
    static String printed(String output, String key) {
        for (String line : output.split("\\R")) {
            if (line.startsWith(key + "=")) return line.substring(key.length() + 1).trim();
        }
        return null;
    }
}
