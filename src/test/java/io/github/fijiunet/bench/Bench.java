package io.github.fijiunet.bench;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmarks that print ratios measured in one run (machines are noisy; ratios against a
 * reference measured alongside stay comparable). Run: {@code mvn -q test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.github.fijiunet.bench.Bench [-Dexec.args="--model DIR --threads N"]}
 * (test sources, so that the plugin jar carries no benchmark).
 */
public final class Bench {

    private Bench() {}

    /** {@link ColdStart} in a fresh JVM with this one's class path; its report line. */
    private static String coldStart(Path model) throws Exception {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path errors = Files.createTempFile("fiji-unet-cold", ".log");
        try {
            Process process = new ProcessBuilder(javaBinary, "-cp", classPath(), ColdStart.class.getName(), model.toString())
                    .redirectError(errors.toFile()).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() == 0) return output;
            List<String> lines = Files.readAllLines(errors);
            return "cold  failed (exit " + process.exitValue() + "): " + (lines.isEmpty() ? "" : lines.get(lines.size() - 1))
                    + System.lineSeparator();
        } finally {
            Files.delete(errors);
        }
    }

    /**
     * The class path this code was loaded from. Under {@code mvn exec:java} that is the plugin's
     * URL class loader; {@code java.class.path} there names only Maven's own launcher.
     */
    private static String classPath() throws Exception {
        ClassLoader loader = Bench.class.getClassLoader();
        if (!(loader instanceof URLClassLoader)) return System.getProperty("java.class.path");
        List<String> entries = new ArrayList<>();
        for (URL url : ((URLClassLoader) loader).getURLs()) entries.add(Path.of(url.toURI()).toString());
        return String.join(File.pathSeparator, entries);
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of("models", "nuclei-unet");
        int threads = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--model")) model = Path.of(args[i + 1]);
            else if (args[i].equals("--threads")) threads = Integer.parseInt(args[i + 1]);
            else throw new IllegalArgumentException("usage: Bench [--model DIR] [--threads N]");
        }
        StringBuilder report = new StringBuilder();
        CopyBenchmark.run(report);
        System.out.print(report);
        report.setLength(0);
        if (Files.isDirectory(model)) {
            report.append(coldStart(model));
            PredictionBenchmark.run(model, threads, report);
            System.out.print(report);
            report.setLength(0);
            TrainingBenchmark.run(threads, report);
        } else {
            report.append("infer skipped: no model folder ").append(model).append(System.lineSeparator());
        }
        System.out.print(report);
    }
}
