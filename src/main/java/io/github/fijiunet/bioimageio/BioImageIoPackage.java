package io.github.fijiunet.bioimageio;

import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.ModelLoadException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A bioimage.io model package on disk: a folder or a {@code .zip} holding {@code rdf.yaml} or
 * {@code bioimageio.yaml} and the files it names. A zip is unpacked into a temporary folder
 * (removed when the JVM ends). Files the description names with a SHA-256 are checked when they
 * are present; URLs are never downloaded.
 */
public final class BioImageIoPackage {

    /** The description's file names, the current one first. */
    public static final List<String> DESCRIPTION_FILES = List.of("bioimageio.yaml", "rdf.yaml");

    private final Path source;
    private final Path root;
    private final ModelDescription description;

    private BioImageIoPackage(Path source, Path root, ModelDescription description) {
        this.source = source;
        this.root = root;
        this.description = description;
    }

    /** Whether {@code path} looks like a package: a folder with a description, or a zip file. */
    public static boolean isPackage(Path path) {
        if (path == null) return false;
        if (Files.isDirectory(path)) return descriptionFile(path) != null;
        return Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /**
     * Whether {@code path} runs as a bioimage.io package: a package ({@link #isPackage}) that is not
     * also a fiji-unet model folder (an exported package unpacked keeps its fiji-unet.json, and runs natively).
     */
    public static boolean runsAsPackage(Path path) {
        return isPackage(path) && !Files.isRegularFile(path.resolve(ModelDescriptor.FILE_NAME));
    }

    private static Path descriptionFile(Path folder) {
        for (String name : DESCRIPTION_FILES) {
            if (Files.isRegularFile(folder.resolve(name))) return folder.resolve(name);
        }
        try (Stream<Path> files = Files.list(folder)) {
            // packages from the zoo may name it <model>.bioimageio.yaml
            return files.filter(p -> p.getFileName().toString().endsWith(".bioimageio.yaml")).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** Opens a package folder or zip, reads its description and checks the checksums of the files present. */
    public static BioImageIoPackage open(Path path) {
        if (path == null || !Files.exists(path)) throw new ModelLoadException("The bioimage.io package " + path + " does not exist.");
        Path root = Files.isDirectory(path) ? path : unzip(path);
        Path file = descriptionFile(root);
        if (file == null) {
            throw new ModelLoadException(path + " is no bioimage.io package: it holds no " + String.join(" or ", DESCRIPTION_FILES)
                    + ". Pick the package's folder or its .zip as downloaded from bioimage.io.");
        }
        ModelDescription description;
        try {
            description = ModelDescription.read(file);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read " + file + ": " + e.getMessage());
        }
        BioImageIoPackage p = new BioImageIoPackage(path, root, description);
        p.verifyChecksums();
        return p;
    }

    public ModelDescription description() {
        return description;
    }

    /** The folder or zip the package was opened from. */
    public Path source() {
        return source;
    }

    /** The folder holding the package's files (the unpacked zip for a zip). */
    public Path root() {
        return root;
    }

    /** A file of the package; a URL or a missing file is a clear error saying what is missing. */
    public Path file(FileReference reference, String what) {
        if (reference.isUrl()) {
            throw new ModelLoadException("The package " + source.getFileName() + " only links its " + what + " (" + reference.source()
                    + "); fiji-unet does not download. Download the package as a zip with its files from bioimage.io, or put the file into the package.");
        }
        Path file = root.resolve(reference.source()).normalize();
        if (!file.startsWith(root.normalize())) throw new ModelLoadException("The package's " + what + " (" + reference.source() + ") lies outside the package.");
        if (!Files.exists(file)) throw new ModelLoadException("The package " + source.getFileName() + " has no " + what + " file " + reference.source() + ".");
        return file;
    }

    /**
     * The weight format fiji-unet runs for this package: the first of {@link ModelDescription#RUNNABLE_WEIGHTS}
     * it has (or {@code preferred} when given and present); a package with none says which formats it has.
     */
    public String weightFormat(String preferred) {
        if (preferred != null && !preferred.isBlank()) {
            if (!description.weights().containsKey(preferred)) {
                throw new ModelLoadException("The package " + description.name() + " has no " + preferred + " weights; it has "
                        + description.weights().keySet() + ".");
            }
            if (!ModelDescription.RUNNABLE_WEIGHTS.contains(preferred)) throw notRunnable();
            return preferred;
        }
        for (String format : ModelDescription.RUNNABLE_WEIGHTS) if (description.weights().containsKey(format)) return format;
        throw notRunnable();
    }

    private ModelLoadException notRunnable() {
        return new ModelLoadException("The package " + description.name() + " has weights as " + String.join(", ", description.weights().keySet())
                + "; fiji-unet runs " + String.join(" and ", ModelDescription.RUNNABLE_WEIGHTS) + " weights. Ask its authors for an ONNX or "
                + "TensorFlow export, or convert it with bioimage.io's tools (bioimageio.core).");
    }

    private void verifyChecksums() {
        List<FileReference> files = new ArrayList<>(description.weights().values());
        for (TensorDescription t : description.inputs()) if (t.testTensor() != null) files.add(t.testTensor());
        for (TensorDescription t : description.outputs()) if (t.testTensor() != null) files.add(t.testTensor());
        for (FileReference f : files) {
            if (f.sha256() == null || f.isUrl()) continue;
            Path file = root.resolve(f.source()).normalize();
            if (!Files.isRegularFile(file)) continue;
            String actual = sha256(file);
            if (!actual.equals(f.sha256())) {
                throw new ModelLoadException("The file " + f.source() + " of the package " + source.getFileName() + " is not the one its description "
                        + "names: SHA-256 " + actual + ", expected " + f.sha256() + ". The file is damaged or was replaced; download the package again.");
            }
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SHA-256 of a stream's bytes as lower-case hex, as bioimage.io descriptions give it. */
    public static String sha256(InputStream in) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            StringBuilder hex = new StringBuilder();
            for (byte b : digest.digest()) hex.append(String.format("%02x", b));
            return hex.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unpacks a zip into a new temporary folder removed when the JVM ends; entries may not leave it. */
    static Path unzip(Path zip) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Path folder = Files.createTempDirectory("fiji-unet-package-");
            deleteOnExit(folder);
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = folder.resolve(entry.getName()).normalize();
                if (!target.startsWith(folder)) throw new ModelLoadException("The zip " + zip + " has an entry outside its folder: " + entry.getName() + ".");
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path single = singleFolder(folder);
            return single != null ? single : folder;
        } catch (IOException e) {
            throw new ModelLoadException("Cannot unpack " + zip + ": " + e.getMessage() + ". Is it a complete zip file?");
        }
    }

    /** A zip whose files all sit in one folder (zipped with its folder) has its description there. */
    private static Path singleFolder(Path folder) throws IOException {
        if (descriptionFile(folder) != null) return null;
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> all = entries.collect(java.util.stream.Collectors.toList());
            return all.size() == 1 && Files.isDirectory(all.get(0)) ? all.get(0) : null;
        }
    }

    private static void deleteOnExit(Path folder) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // a temporary folder left behind is the system's to clean
            }
        }, "fiji-unet package cleanup"));
    }

    /** The TensorFlow weights as a SavedModel folder: the folder itself, or its zip unpacked. */
    Path savedModelFolder(Path weights) {
        if (Files.isDirectory(weights)) return weights;
        Path folder = unzip(weights);
        if (Files.isRegularFile(folder.resolve("saved_model.pb"))) return folder;
        throw new ModelLoadException("The TensorFlow weights " + weights.getFileName() + " of " + source.getFileName() + " hold no saved_model.pb.");
    }

    @Override
    public String toString() {
        return description.name() + " (" + source + ")";
    }
}
