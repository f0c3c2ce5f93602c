package io.github.fijiunet.io;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.Opener;
import ij.io.TiffDecoder;
import io.github.fijiunet.InvalidInputException;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Opens image files headlessly for every front end, refusing before any compute what ImageJ would
 * read wrongly or fail on late: unreadable files, damaged or truncated files (ImageJ fills missing
 * TIFF pixels with zeros and decodes truncated JPEGs with grey), planes beyond Java's array limit,
 * and images that do not fit in the heap. ImageJ's own messages never reach standard output
 * ({@link ImageJMessages}); when it still cannot open a file, they become part of the error.
 */
public final class ImageFiles {

    /** The largest array Java allocates: one plane can hold at most this many pixels. */
    public static final long MAX_PLANE_PIXELS = Integer.MAX_VALUE - 8;

    /** Opener's file types (told by the first bytes) that are images: when ImageJ fails on one, the file is damaged. */
    private static final Set<Integer> KNOWN_IMAGE_TYPES = Set.of(Opener.TIFF, Opener.TIFF_AND_DICOM, Opener.DICOM, Opener.PNG,
            Opener.JPEG, Opener.GIF, Opener.BMP, Opener.FITS, Opener.PGM);
    private static final String RESAVE = "Copy it again from the original, or save it again from the program that made it.";

    /** Extensions of the images fiji-unet segments and classifies (any case). */
    public static final List<String> IMAGE_EXTENSIONS = List.of("tif", "tiff", "png", "jpg", "jpeg");
    /** Training images and masks: lossless formats only, since JPEG would blur label boundaries into new labels. */
    public static final List<String> TRAINING_EXTENSIONS = List.of("tif", "tiff", "png");
    /** Label images compared by evaluation: the label TIFFs fiji-unet and other tools write. */
    public static final List<String> LABEL_EXTENSIONS = List.of("tif", "tiff");

    private ImageFiles() {}

    /** Whether the file's extension is one of {@code extensions} (lower case; the file's may be any case). */
    public static boolean hasExtension(Path file, List<String> extensions) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && extensions.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** {@code .tif, .tiff or .png}, as messages name the accepted files. */
    public static String describe(List<String> extensions) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < extensions.size(); i++) {
            if (i > 0) sb.append(i == extensions.size() - 1 ? " or " : ", ");
            sb.append('.').append(extensions.get(i));
        }
        return sb.toString();
    }

    /** The image read whole into memory. */
    public static ImagePlus open(Path file) {
        return open(file, false);
    }

    /**
     * The image, except that multi-page TIFFs larger than a quarter of the heap open as virtual
     * stacks, read a plane at a time (for callers that stream such stacks); a single plane is read
     * whole either way.
     */
    public static ImagePlus openLargeStacksVirtually(Path file) {
        return open(file, true);
    }

    /** The base of output file names for an input file: its name without the extension, spaces kept. */
    public static String baseName(Path file) {
        return baseName(file.getFileName().toString());
    }

    /** A file name or image title without its extension. */
    public static String baseName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static ImagePlus open(Path file, boolean largeStacksVirtually) {
        long size = requireReadable(file);
        StringBuilder messages = new StringBuilder();
        int type = ImageJMessages.capture(() -> new Opener().getFileType(file.toString()), messages);
        boolean virtual = type == Opener.TIFF && checkTiff(file, size, largeStacksVirtually, messages);
        if (type == Opener.PNG || type == Opener.JPEG) checkDecodes(file);
        ImagePlus imp;
        try {
            String path = file.toString();
            imp = ImageJMessages.capture(() -> virtual ? IJ.openVirtual(path) : new Opener().openImage(path), messages);
        } catch (RuntimeException e) {
            throw new InvalidInputException("ImageJ could not read " + file + " (" + e + (messages.length() > 0 ? "; " + messages : "")
                    + "). The file may be damaged; give a TIFF, PNG or JPEG image.");
        }
        if (imp == null || imp.getWidth() == 0) {
            String said = messages.length() > 0 ? " (ImageJ: " + messages + ")" : "";
            throw new InvalidInputException(!KNOWN_IMAGE_TYPES.contains(type)
                    ? file + " is not in an image format ImageJ reads" + said + ". Give a TIFF, PNG or JPEG image."
                    : "ImageJ could not read " + file + said + "; it is damaged or a variant ImageJ does not read. "
                    + "Save it again as an uncompressed TIFF or a PNG.");
        }
        if (messages.length() > 0) System.err.println("ImageJ, opening " + file + ": " + messages);
        return imp;
    }

    /** The file's size, once it is known to exist and to be readable by this process. */
    static long requireReadable(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("The image " + file + " does not exist or is not a file. Check the path.");
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (in.read() < 0) throw new InvalidInputException(file + " is empty (0 bytes): damaged or truncated. " + RESAVE);
            return Files.size(file);
        } catch (AccessDeniedException e) {
            throw new InvalidInputException("Cannot read " + file + " (permission denied). Give yourself read access "
                    + "(chmod u+r), or copy the image somewhere you may read it.");
        } catch (IOException e) {
            throw new InvalidInputException("Cannot read " + file + " (" + e.getMessage() + "). Check the disk or network share it is on.");
        }
    }

    /** Checks a TIFF's directory, plane size and memory; true when it is to open as a virtual stack. */
    private static boolean checkTiff(Path file, long size, boolean largeStacksVirtually, StringBuilder messages) {
        FileInfo[] pages = tiffPages(file, size, messages);
        long planes = 0;
        for (FileInfo page : pages) planes += page.nImages;
        boolean virtual = largeStacksVirtually && planes > 1 && size > Runtime.getRuntime().maxMemory() / 4;
        FileInfo first = pages[0];
        requireMemory(file, first.width, first.height, virtual ? 1 : planes, bytesInMemory(first));
        return virtual;
    }

    /** The TIFF's directory (one entry per page, or one for an ImageJ stack), checked against the file's length. */
    static FileInfo[] tiffPages(Path file, long size, StringBuilder messages) {
        FileInfo[] pages;
        try {
            File f = file.toAbsolutePath().toFile();
            TiffDecoder decoder = new TiffDecoder(f.getParent() + File.separator, f.getName());
            pages = ImageJMessages.capture(() -> {
                try {
                    return decoder.getTiffInfo();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, messages);
        } catch (RuntimeException e) { // a garbled directory also fails with index or number errors
            Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
            throw new InvalidInputException(file + " is damaged or truncated: ImageJ cannot read its TIFF directory (" + cause + "). " + RESAVE);
        }
        if (pages == null || pages.length == 0) {
            throw new InvalidInputException(file + " is damaged or truncated: it holds no readable TIFF directory. " + RESAVE);
        }
        for (FileInfo page : pages) {
            if (page.width <= 0 || page.height <= 0 || page.nImages <= 0) {
                throw new InvalidInputException(file + " is damaged: its TIFF directory gives no image size. " + RESAVE);
            }
            requirePlaneFits(file, page.width, page.height);
            long end = pixelDataEnd(page);
            if (end > size) {
                throw new InvalidInputException(String.format(Locale.ROOT,
                        "%s is damaged or truncated: its TIFF directory puts pixel data up to byte %d, but the file has only %d bytes "
                                + "(cut short while copying or downloading?). %s", file, end, size, RESAVE));
            }
        }
        return pages;
    }

    /** One past the last byte of pixel data ImageJ will read for this directory entry, or 0 when it cannot tell. */
    private static long pixelDataEnd(FileInfo fi) {
        boolean compressed = fi.compression > FileInfo.COMPRESSION_NONE;
        boolean strips = fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length == fi.stripLengths.length;
        if (strips && (compressed || (fi.nImages == 1 && fi.stripOffsets.length > 1))) {
            long end = 0;
            for (int k = 0; k < fi.stripOffsets.length; k++) {
                end = Math.max(end, (fi.stripOffsets[k] & 0xffffffffL) + (fi.stripLengths[k] & 0xffffffffL));
            }
            return end;
        }
        if (compressed || fi.compression == FileInfo.COMPRESSION_UNKNOWN) return 0;
        long planeBytes = bytesInFile(fi);
        if (planeBytes == 0) return 0;
        return fi.getOffset() + fi.nImages * planeBytes + (fi.nImages - 1) * fi.getGap();
    }

    /** Bytes of one uncompressed plane in the file (a lower bound for the packed 10/12-bit types); 0 if unknown. */
    private static long bytesInFile(FileInfo fi) {
        long pixels = (long) fi.width * fi.height;
        switch (fi.fileType) {
            case FileInfo.BITMAP: return (fi.width + 7L) / 8 * fi.height;
            case FileInfo.GRAY12_UNSIGNED: return pixels * 12 / 8;
            case FileInfo.GRAY10_UNSIGNED: return pixels * 10 / 8;
            case FileInfo.GRAY24_UNSIGNED: return pixels * 3;
            case FileInfo.RGB48_PLANAR: return pixels * 6;
            default: return pixels * fi.getBytesPerPixel();
        }
    }

    /** Bytes per pixel of the plane ImageJ builds: 8-bit, 16-bit, float or RGB int (48-bit RGB: three 16-bit planes). */
    private static int bytesInMemory(FileInfo fi) {
        switch (fi.fileType) {
            case FileInfo.GRAY8: case FileInfo.COLOR8: case FileInfo.BITMAP: return 1;
            case FileInfo.GRAY16_SIGNED: case FileInfo.GRAY16_UNSIGNED: case FileInfo.GRAY12_UNSIGNED: case FileInfo.GRAY10_UNSIGNED: return 2;
            case FileInfo.RGB48: case FileInfo.RGB48_PLANAR: return 6;
            default: return 4;
        }
    }

    private static void requirePlaneFits(Path file, long width, long height) {
        if (width * height > MAX_PLANE_PIXELS) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "%s has a plane of %d×%d = %d pixels, more than Java and ImageJ can hold in one plane (%d). "
                            + "Crop the image or split it into tiles below that size (e.g. halves) and segment those.",
                    file, width, height, width * height, MAX_PLANE_PIXELS));
        }
    }

    /** Refuses an image that would not fit in the heap, instead of an OutOfMemoryError part-way. */
    private static void requireMemory(Path file, long width, long height, long planes, int bytesPerPixel) {
        long needed = width * height * planes * bytesPerPixel;
        if (needed <= available()) return;
        System.gc(); // garbage not yet collected is not a reason to refuse
        long available = available();
        if (needed <= available) return;
        throw new InvalidInputException(String.format(Locale.ROOT,
                "%s needs about %s of memory to open (%d×%d pixels × %d plane(s) × %d bytes), but only %s of Java's %s maximum is free. "
                        + "Give Java more memory (fiji-unet: JAVA_OPTS=-Xmx<size>, e.g. -Xmx%dg; Fiji: Edit > Options > Memory & Threads), "
                        + "or crop or split the image.",
                file, gigabytes(needed), width, height, planes, bytesPerPixel, gigabytes(available),
                gigabytes(Runtime.getRuntime().maxMemory()), Math.max(2, (Runtime.getRuntime().maxMemory() + needed) / (1L << 30) + 1)));
    }

    /** Heap bytes this JVM can still allocate: its maximum less what is in use (garbage included). */
    public static long available() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /**
     * Decodes a PNG or JPEG once with ImageIO, which reports truncation and corrupt data as errors
     * or warnings (ImageJ reads JPEGs through AWT, which fills what is missing with grey).
     */
    private static void checkDecodes(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) return; // not ImageIO's: ImageJ decides
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                requirePlaneFits(file, width, height);
                requireMemory(file, width, height, 2, 4); // ImageIO's picture, then ImageJ's plane
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new InvalidInputException(file + " is damaged or truncated (" + String.join("; ", warnings) + "). " + RESAVE);
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException) throw (InvalidInputException) e;
            throw new InvalidInputException(file + " is damaged or truncated, or a variant ImageJ cannot read (" + e.getMessage() + "). "
                    + RESAVE);
        }
    }
}
