package io.github.fijiunet.spark;

import io.github.fijiunet.FijiUnetException;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.io.ImageFiles;
import io.github.fijiunet.workflow.BatchSegmentation;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The images of a Spark run, listed on the driver: a folder (as {@code batch} lists it), a glob
 * ({@code /data/plate1/*.tif}, {@code /data/**}{@code /*_w1.tif}) or a list file ({@code .csv} or
 * {@code .txt}: one path per line, the first column of a CSV, relative paths against the list's
 * folder, a header row {@code path} or {@code file} skipped); or a Hadoop URI ({@code hdfs://},
 * {@code s3a://}, {@code file://}) of a folder, a file or a glob, listed and read through Hadoop's
 * file systems (configured as Spark's are: {@code core-site.xml} in {@code HADOOP_CONF_DIR}).
 */
public final class SparkInputs {

    private SparkInputs() {}

    /** Input paths in a stable order; {@code output} (the run's output folder) is never listed. */
    public static List<Path> list(String input, Path output) {
        if (input == null || input.isBlank()) throw new InvalidInputException("No input given: a folder, a glob or a list file of images.");
        Path path = Path.of(input);
        List<Path> files;
        if (Files.isDirectory(path)) {
            files = BatchSegmentation.inputFiles(path, output);
        } else if (input.contains("*") || input.contains("?") || input.contains("[")) {
            files = glob(input);
        } else if (Files.isRegularFile(path) && ImageFiles.hasExtension(path, List.of("csv", "txt"))) {
            files = listFile(path);
        } else {
            throw new InvalidInputException("The input " + input + " is neither a folder, a glob (with * or ?) nor a list file (.csv/.txt) "
                    + "of image paths.");
        }
        if (files.isEmpty()) throw new InvalidInputException("The input " + input + " names no files.");
        return files;
    }

    /** Whether {@code input} is a URI with a scheme ({@code hdfs://...}), read through Hadoop rather than as a local path. */
    public static boolean isUri(String input) {
        return input != null && input.matches("[A-Za-z][A-Za-z0-9+.-]+://.*");
    }

    /** The URIs of the files a Hadoop URI names: the file, the files of the folder (not hidden), or the glob's matches; sorted. */
    public static List<String> listUri(String input) {
        org.apache.hadoop.fs.Path pattern = new org.apache.hadoop.fs.Path(input);
        try {
            FileSystem fs = pattern.getFileSystem(new Configuration());
            FileStatus[] matches = firstWildcard(input) < input.length() ? fs.globStatus(pattern) : new FileStatus[] {fs.getFileStatus(pattern)};
            List<String> files = new ArrayList<>();
            for (FileStatus match : matches == null ? new FileStatus[0] : matches) {
                for (FileStatus f : match.isDirectory() ? fs.listStatus(match.getPath()) : new FileStatus[] {match}) {
                    if (f.isFile() && !f.getPath().getName().startsWith(".")) files.add(f.getPath().toUri().toString());
                }
            }
            if (files.isEmpty()) throw new InvalidInputException("The input " + input + " names no files.");
            files.sort(null);
            return files;
        } catch (FileNotFoundException e) {
            throw new InvalidInputException("The input " + input + " does not exist. Check the URI.");
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException) throw (InvalidInputException) e;
            throw new InvalidInputException("Cannot list " + input + " (" + e.getMessage() + "). Check the URI, and that Hadoop is configured "
                    + "to reach it (core-site.xml in HADOOP_CONF_DIR, the file system's jars on the class path).");
        }
    }

    /** The path part of a Hadoop URI, which names its outputs as a local path would ({@code hdfs://nn/plate1/a.tif} → {@code /plate1/a.tif}). */
    public static Path namingPath(String uri) {
        return Path.of(new org.apache.hadoop.fs.Path(uri).toUri().getPath());
    }

    /**
     * Copies the file at {@code uri} into a new temporary folder under its own name (so rows and
     * messages name it as the input does) for ImageJ to open; the caller deletes the folder.
     */
    static Path copyToLocal(String uri) throws IOException {
        org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(uri);
        Path folder = Files.createTempDirectory("fiji-unet-input");
        Path local = folder.resolve(source.getName());
        try (InputStream in = source.getFileSystem(new Configuration()).open(source)) {
            Files.copy(in, local);
        } catch (IOException | RuntimeException e) {
            SparkSegmentation.deleteFolder(folder);
            throw e;
        }
        return local;
    }

    /** A glob: the part before the first wildcard is the folder walked, the whole pattern is matched against each file's path. */
    private static List<Path> glob(String pattern) {
        String normalized = pattern.replace('\\', '/');
        int wildcard = firstWildcard(normalized);
        int slash = normalized.lastIndexOf('/', wildcard);
        Path root = Path.of(slash < 0 ? "." : slash == 0 ? "/" : normalized.substring(0, slash));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + (slash < 0 ? "./" + normalized : normalized));
        if (!Files.isDirectory(root)) throw new InvalidInputException("The folder " + root + " of the glob " + pattern + " does not exist.");
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(matcher::matches).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new FijiUnetException("Cannot list " + root + " for " + pattern + ": " + e.getMessage(), e);
        }
    }

    private static int firstWildcard(String s) {
        int first = s.length();
        for (char c : new char[] {'*', '?', '['}) {
            int i = s.indexOf(c);
            if (i >= 0) first = Math.min(first, i);
        }
        return first;
    }

    private static List<Path> listFile(Path list) {
        List<String> lines;
        try {
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FijiUnetException("Cannot read the list " + list + ": " + e.getMessage(), e);
        }
        boolean csv = list.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
        Path base = list.toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String cell = csv ? firstCell(lines.get(i)) : lines.get(i).trim();
            if (cell.isEmpty() || cell.startsWith("#")) continue;
            if (i == 0 && (cell.equalsIgnoreCase("path") || cell.equalsIgnoreCase("file"))) continue;
            Path p = Path.of(cell);
            files.add(p.isAbsolute() ? p : base.resolve(p).normalize());
        }
        return files;
    }

    private static String firstCell(String line) {
        String t = line.trim();
        if (t.startsWith("\"")) {
            int end = t.indexOf('"', 1);
            return end < 0 ? t.substring(1) : t.substring(1, end);
        }
        int comma = t.indexOf(',');
        return (comma < 0 ? t : t.substring(0, comma)).trim();
    }

}
