package io.github.fijiunet.fiji;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fiji-unet installed with {@code mvn -Pinstall -Dfiji.app=...} into a Fiji-shaped folder whose {@code jars/} also holds
 * what CSBDeep/StarDist and the pom-scijava BOM put there (TensorFlow 1.15's {@code libtensorflow} and
 * {@code libtensorflow_jni}, protobuf-java 4.32.0, javacpp 1.5.10; copied by the build into
 * {@code target/fiji-shaped-jars}), then JVMs started the way Fiji's launcher starts them: every jar under
 * {@code jars/} and {@code plugins/} on one flat class path, TensorFlow 1.15 first or last. In each, TensorFlow 1.15
 * runs a graph through its own API (as CSBDeep does), fiji-unet segments an image with its shipped model (its
 * TensorFlow Java 1.1.0 from {@code lib/fiji-unet/engine-tf} in a class loader of its own), then TensorFlow 1.15 runs
 * again. Counts must equal those of a clean install, and nothing may print a stack trace.
 */
@Tag("slow")
class FijiClassPathIT {

    private static final long MVN_TIMEOUT_S = 900;
    private static final long JVM_TIMEOUT_S = 300;
    private static final String MODEL = "nuclei-unet";
    private static final String OPTIONS = "model=" + MODEL + " roi_manager=false overlay=false results=false";
    /** What CSBDeep/StarDist and the BOM's managed versions add to a Fiji's jars/. */
    private static final Path FIJI_SHAPED_JARS = Path.of("target/fiji-shaped-jars").toAbsolutePath();
    private static final Path TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath();

    @TempDir
    static Path temp;

    /** The install alone (ImageJ, ImgLib2, SciJava, gson as Fiji ships them, plus what -Pinstall put there). */
    private static Path cleanApp;
    /** The same install with the four jars of {@link #FIJI_SHAPED_JARS} in jars/. */
    private static Path fijiApp;
    private static String cleanCount;
    private static double cleanSeconds;
    private static double cleanBatchSeconds;

    enum Order { TF115_FIRST, TF115_LAST }

    @BeforeAll
    static void install() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        assertTrue(Files.isRegularFile(root.resolve("pom.xml")), "runs in the project root: " + root);
        List<String> fourJars = jarNames(FIJI_SHAPED_JARS);
        assertEquals(4, fourJars.size(), "mvn verify copies them (dependency:copy fiji-shaped-jars): " + fourJars);

        cleanApp = Files.createDirectories(temp.resolve("clean/Fiji.app"));
        List<String> mvn = new ArrayList<>(List.of("mvn", "-B", "-q", "-Pinstall", "-Dfiji.app=" + cleanApp, "package",
                // -DskipTests skips running them; maven.test.skip also leaves target/test-classes (this test's) alone.
                "-DskipTests", "-Dmaven.test.skip=true"));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) mvn.add("-Dmaven.repo.local=" + repo);
        // Offline only when the build running this test is (-o); a CI build with Maven Central resolves as usual.
        if ("mode-true".equals(System.getProperty("fijiunet.it.maven"))) mvn.add("-o");
        FijiTestSupport.Run run = FijiTestSupport.run(mvn, root, MVN_TIMEOUT_S);
        System.out.printf(Locale.ROOT, "TIMING mvn -Pinstall package: %.1f s%n", run.seconds);
        assertEquals(0, run.exitCode, "mvn -Pinstall failed:\n" + run.output);
        assertTrue(Files.isDirectory(cleanApp.resolve(io.github.fijiunet.engine.Engines.TENSORFLOW_FOLDER)), "engine installed");
        assertTrue(Files.isDirectory(cleanApp.resolve("models/" + MODEL)), "models installed");

        // Fiji's own jars: ImageJ, ImgLib2, SciJava, gson (which -Pinstall leaves out because Fiji ships it).
        Path jars = cleanApp.resolve("jars");
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.endsWith(".jar") && Stream.of("ij-", "scijava-common-", "imglib2-", "gson-").anyMatch(name::startsWith)) {
                Files.copy(Path.of(entry), jars.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (String prefix : List.of("ij-", "scijava-common-", "imglib2-", "gson-", "picocli-")) {
            assertTrue(jarNames(jars).stream().anyMatch(n -> n.startsWith(prefix)), prefix + "*.jar in " + jarNames(jars));
        }
        assertTrue(jarNames(cleanApp.resolve("plugins")).stream().anyMatch(n -> n.startsWith("fiji_unet-")), "plugin jar installed");
        assertTrue(jarNames(jars).stream().noneMatch(n -> n.startsWith("tensorflow") || n.startsWith("javacpp")
                || n.startsWith("protobuf")), "-Pinstall puts no TensorFlow Java into jars/: " + jarNames(jars));

        fijiApp = temp.resolve("fiji/Fiji.app");
        copyTree(cleanApp, fijiApp);
        for (String jar : fourJars) Files.copy(FIJI_SHAPED_JARS.resolve(jar), fijiApp.resolve("jars").resolve(jar));

        Result clean = probe(cleanApp, Order.TF115_LAST, "segment");
        cleanCount = clean.value("COUNT");
        cleanSeconds = clean.run.seconds;
        System.out.printf(Locale.ROOT, "TIMING clean install, Macros.segment JVM: %.1f s, count %s%n", cleanSeconds, cleanCount);
        assertTrue(cleanCount != null && cleanCount.matches("\\d+") && Integer.parseInt(cleanCount) > 0, clean.run.output);
        assertNoStackTrace(clean.run.output);

        FijiTestSupport.Run batch = batch(cleanApp, Order.TF115_LAST, "clean");
        cleanBatchSeconds = batch.seconds;
        System.out.printf(Locale.ROOT, "TIMING clean install, ImageJ -batch JVM: %.1f s%n", cleanBatchSeconds);
        assertEquals(cleanCount, FijiTestSupport.printed(batch.output, "COUNT"), batch.output);
        assertNoStackTrace(batch.output);
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void tensorFlow115AndFijiUnetShareOneFlatClassPath(Order order) throws Exception {
        // Like for like with the clean run first (start-up time on the longer class path), then the mixed run.
        Result alone = probe(fijiApp, order, "segment");
        System.out.printf(Locale.ROOT, "TIMING Fiji-shaped (%s), Macros.segment JVM: %.1f s (clean: %.1f s), count %s%n",
                order, alone.run.seconds, cleanSeconds, alone.value("COUNT"));
        assertEquals(cleanCount, alone.value("COUNT"), alone.run.output);
        assertNoStackTrace(alone.run.output);

        Result r = probe(fijiApp, order, "tf115", "segment", "tf115");
        System.out.printf(Locale.ROOT, "TIMING Fiji-shaped (%s), TF 1.15 + Macros.segment + TF 1.15 JVM: %.1f s (clean: %.1f s), count %s%n",
                order, r.run.seconds, cleanSeconds, r.value("COUNT"));
        assertEquals(0, r.run.exitCode, r.run.output);
        assertEquals("1.15.0", r.value("TF115_VERSION"), r.run.output);
        assertEquals(List.of("42.5", "42.5"), r.values("TF115_CONST"), "TF 1.15 before and after fiji-unet\n" + r.run.output);
        assertEquals(cleanCount, r.value("COUNT"), "same count as the clean install\n" + r.run.output);
        assertEquals("1", r.value("DONE"), r.run.output);
        assertNoStackTrace(r.run.output);
    }

    /** fiji-unet's TensorFlow first, CSBDeep's afterwards: the other order of native library loading. */
    @Test
    void fijiUnetFirstThenTensorFlow115() throws Exception {
        Result r = probe(fijiApp, Order.TF115_FIRST, "segment", "tf115");
        System.out.printf(Locale.ROOT, "TIMING Fiji-shaped (TF115_FIRST), Macros.segment then TF 1.15 JVM: %.1f s%n", r.run.seconds);
        assertEquals(0, r.run.exitCode, r.run.output);
        assertEquals(cleanCount, r.value("COUNT"), r.run.output);
        assertEquals(List.of("42.5"), r.values("TF115_CONST"), r.run.output);
        assertNoStackTrace(r.run.output);
    }

    /**
     * Plain ImageJ's {@code -batch} on the same flat class path. Headless, so the macro passes image= (plain ImageJ
     * cannot open() headless; Fiji's --headless patches that).
     */
    @ParameterizedTest
    @EnumSource(Order.class)
    void imageJBatchMacroOnTheFijiShapedClassPath(Order order) throws Exception {
        FijiTestSupport.Run run = batch(fijiApp, order, "fiji");
        System.out.printf(Locale.ROOT, "TIMING Fiji-shaped (%s), ImageJ -batch JVM: %.1f s (clean: %.1f s)%n", order, run.seconds, cleanBatchSeconds);
        assertEquals(cleanCount, FijiTestSupport.printed(run.output, "COUNT"), run.output);
        assertEquals("1", FijiTestSupport.printed(run.output, "DONE"), run.output);
        assertNoStackTrace(run.output);
    }

    /** An install that lost its engine folder: one message naming the folder and the fix, no trace. */
    @Test
    void aMissingEngineFolderIsOneClearMessage() throws Exception {
        Path broken = temp.resolve("broken/Fiji.app");
        copyTree(fijiApp, broken);
        deleteTree(broken.resolve(io.github.fijiunet.engine.Engines.TENSORFLOW_FOLDER));
        Result r = probe(broken, Order.TF115_FIRST, "segment", "tf115");
        String result = r.value("COUNT");
        assertTrue(result != null && result.startsWith("error: fiji-unet's TensorFlow engine is missing: there is no folder "
                + io.github.fijiunet.engine.Engines.TENSORFLOW_FOLDER), r.run.output);
        assertTrue(result.contains(broken.resolve(io.github.fijiunet.engine.Engines.TENSORFLOW_FOLDER).toString()),
                "names where it looked\n" + r.run.output);
        assertTrue(result.contains("Reinstall fiji-unet"), r.run.output);
        List<String> messages = r.run.output.lines().filter(l -> !l.startsWith("COUNT=") && l.contains("engine is missing"))
                .collect(Collectors.toList());
        assertEquals(1, messages.size(), "one message\n" + r.run.output);
        assertTrue(messages.get(0).startsWith(SegmentCells.TITLE + ": "), messages.get(0));
        assertEquals(List.of("42.5"), r.values("TF115_CONST"), "TF 1.15 unaffected\n" + r.run.output);
        assertEquals(0, r.run.exitCode, r.run.output);
        assertNoStackTrace(r.run.output);
    }

    // --- child JVMs -------------------------------------------------------------------------------------------

    /** Output of a {@link Probe} JVM, its KEY=value lines. */
    private static final class Result {
        final FijiTestSupport.Run run;

        Result(FijiTestSupport.Run run) {
            this.run = run;
        }

        String value(String key) {
            return FijiTestSupport.printed(run.output, key);
        }

        List<String> values(String key) {
            return run.output.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1).trim())
                    .collect(Collectors.toList());
        }
    }

    /** {@code java -cp <jars/ and plugins/> ij.ImageJ -batch macro.ijm}, the macro calling {@link Macros#segment}. */
    private static FijiTestSupport.Run batch(Path app, Order order, String name) throws Exception {
        Path macro = temp.resolve("segment-" + name + "-" + order + ".ijm");
        Files.writeString(macro, String.join("\n",
                "n = call(\"io.github.fijiunet.fiji.Macros.segment\", \"image=[" + FijiTestSupport.NUCLEI + "] " + OPTIONS + "\");",
                "print(\"COUNT=\" + n);",
                "print(\"DONE=1\");",
                ""));
        List<String> cmd = new ArrayList<>(List.of(FijiTestSupport.java(), "-Xmx2g", "-Djava.awt.headless=true",
                "-Dplugins.dir=" + app, "-cp", flatClassPath(app, order, false), "ij.ImageJ", "-batch", macro.toString()));
        return FijiTestSupport.run(cmd, Files.createDirectories(temp.resolve("cwd-batch-" + name + "-" + order)), JVM_TIMEOUT_S);
    }

    private static Result probe(Path app, Order order, String... steps) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(FijiTestSupport.java(), "-Xmx2g", "-Djava.awt.headless=true",
                "-cp", flatClassPath(app, order, true), Probe.class.getName(), FijiTestSupport.NUCLEI.toString()));
        cmd.addAll(List.of(steps));
        // A working folder without models/, so the model is found where the install put it (beside plugins/).
        Path cwd = Files.createDirectories(temp.resolve("cwd-" + app.getParent().getFileName() + "-" + order + "-" + String.join("-", steps)));
        return new Result(FijiTestSupport.run(cmd, cwd, JVM_TIMEOUT_S));
    }

    /**
     * Every jar under jars/ and plugins/ (recursively), as Fiji's launcher lists them, with the jars of
     * {@link #FIJI_SHAPED_JARS} moved to the front or the back; the probe's test classes last, shadowing nothing.
     */
    private static String flatClassPath(Path app, Order order, boolean withProbe) throws IOException {
        List<String> extra = jarNames(FIJI_SHAPED_JARS);
        List<Path> all = new ArrayList<>();
        for (String folder : List.of("jars", "plugins")) {
            try (Stream<Path> files = Files.walk(app.resolve(folder))) {
                files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(all::add);
            }
        }
        List<Path> tf115 = all.stream().filter(p -> extra.contains(p.getFileName().toString())).collect(Collectors.toList());
        List<Path> rest = all.stream().filter(p -> !tf115.contains(p)).collect(Collectors.toList());
        List<Path> ordered = new ArrayList<>();
        if (order == Order.TF115_FIRST) ordered.addAll(tf115);
        ordered.addAll(rest);
        if (order == Order.TF115_LAST) ordered.addAll(tf115);
        List<String> entries = ordered.stream().map(Path::toString).collect(Collectors.toList());
        if (withProbe) entries.add(TEST_CLASSES.toString());
        return String.join(File.pathSeparator, entries);
    }

    private static void assertNoStackTrace(String output) {
        assertFalse(output.contains("\tat "), "a stack trace:\n" + output);
        assertFalse(output.contains("Exception in thread"), "an uncaught exception:\n" + output);
    }

    private static List<String> jarNames(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().collect(Collectors.toList());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.delete(f);
        }
    }

    /**
     * Main class of the child JVMs: {@code Probe <image> step...}, steps {@code tf115} (a Const graph run through
     * TensorFlow 1.15's own API, by reflection since 1.15 is on no compile class path) and {@code segment}
     * ({@link Macros#segment} with the shipped model). Prints KEY=value lines; exits 1 on an unexpected failure.
     */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            String image = args[0];
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "tf115":
                        tf115();
                        break;
                    case "segment":
                        System.out.println("COUNT=" + Macros.segment("image=[" + image + "] " + OPTIONS));
                        break;
                    default:
                        throw new IllegalArgumentException(args[i]);
                }
            }
            System.out.println("DONE=1");
            System.exit(0);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static void tf115() throws Exception {
            Class<?> tensorFlow = Class.forName("org.tensorflow.TensorFlow");
            System.out.println("TF115_VERSION=" + tensorFlow.getMethod("version").invoke(null));
            System.out.println("TF115_FROM=" + tensorFlow.getProtectionDomain().getCodeSource().getLocation());
            Class<?> graphClass = Class.forName("org.tensorflow.Graph");
            Class<?> tensorClass = Class.forName("org.tensorflow.Tensor");
            Class<?> sessionClass = Class.forName("org.tensorflow.Session");
            Class<? extends Enum> dataType = (Class<? extends Enum>) Class.forName("org.tensorflow.DataType");
            try (AutoCloseable graph = (AutoCloseable) graphClass.getConstructor().newInstance();
                 AutoCloseable value = (AutoCloseable) tensorClass.getMethod("create", Object.class).invoke(null, 42.5f)) {
                Object builder = graphClass.getMethod("opBuilder", String.class, String.class).invoke(graph, "Const", "c");
                Class<?> builderClass = builder.getClass();
                builder = builderClass.getMethod("setAttr", String.class, tensorClass).invoke(builder, "value", value);
                builder = builderClass.getMethod("setAttr", String.class, dataType).invoke(builder, "dtype", Enum.valueOf(dataType, "FLOAT"));
                builderClass.getMethod("build").invoke(builder);
                try (AutoCloseable session = (AutoCloseable) sessionClass.getConstructor(graphClass).newInstance(graph)) {
                    Object runner = sessionClass.getMethod("runner").invoke(session);
                    Method fetch = runner.getClass().getMethod("fetch", String.class);
                    runner = fetch.invoke(runner, "c");
                    List<?> outputs = (List<?>) runner.getClass().getMethod("run").invoke(runner);
                    try (AutoCloseable out = (AutoCloseable) outputs.get(0)) {
                        System.out.println("TF115_CONST=" + tensorClass.getMethod("floatValue").invoke(out));
                    }
                }
            }
        }
    }
}
