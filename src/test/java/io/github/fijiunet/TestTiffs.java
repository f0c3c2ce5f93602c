package io.github.fijiunet;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hand-written TIFFs (little-endian, one uncompressed strip per plane) for damaged-file and
 * label-type tests, and damaged copies of real images.
 */
public final class TestTiffs {

    /** TIFF SampleFormat values. */
    public static final int UNSIGNED = 1;
    public static final int SIGNED = 2;
    public static final int FLOAT = 3;

    private static final int PIXELS_AT = 512;

    private TestTiffs() {}

    /**
     * A TIFF whose directory describes {@code planes} planes of width×height (more than one: an
     * ImageJ stack), pixel data at byte 512 holding {@code pixels}, and {@code length} bytes in all
     * (beyond what is written the file is sparse: it reads as zeros and takes no disk space).
     */
    public static Path write(Path file, long width, long height, int bits, int sampleFormat, int planes, byte[] pixels, long length)
            throws IOException {
        String description = planes > 1 ? "ImageJ=1.54p\nimages=" + planes + "\n\0" : null;
        int entries = description != null ? 12 : 11;
        ByteBuffer b = ByteBuffer.allocate(PIXELS_AT).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) entries);
        entry(b, 256, 4, 1, width);
        entry(b, 257, 4, 1, height);
        entry(b, 258, 3, 1, bits);
        entry(b, 259, 3, 1, 1);
        entry(b, 262, 3, 1, 1);
        if (description != null) entry(b, 270, 2, description.length(), 300);
        entry(b, 273, 4, 1, PIXELS_AT);
        entry(b, 277, 3, 1, 1);
        entry(b, 278, 4, 1, height);
        entry(b, 279, 4, 1, Math.min(0xffffffffL, width * height * bits / 8));
        entry(b, 339, 3, 1, sampleFormat);
        b.putInt(0);
        if (description != null) b.position(300).put(description.getBytes(StandardCharsets.ISO_8859_1));
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(0);
            out.write(b.array());
            out.write(pixels);
            out.setLength(length);
        }
        return file;
    }

    /** A complete single-plane TIFF of the given pixels (row-major, little-endian samples). */
    public static Path write(Path file, int width, int height, int bits, int sampleFormat, byte[] pixels) throws IOException {
        return write(file, width, height, bits, sampleFormat, 1, pixels, PIXELS_AT + pixels.length);
    }

    /** Signed 16-bit pixels as little-endian bytes. */
    public static byte[] shorts(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putShort((short) v);
        return b.array();
    }

    /** A copy of the first {@code keep} bytes of {@code image}, as a download cut short. */
    public static Path truncatedCopy(Path image, Path target, int keep) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        return Files.write(target, java.util.Arrays.copyOf(Files.readAllBytes(image), keep));
    }

    /** A copy of the first 60 % of {@code image}. */
    public static Path truncatedCopy(Path image, Path target) throws IOException {
        return truncatedCopy(image, target, (int) (Files.size(image) * 6 / 10));
    }

    private static void entry(ByteBuffer b, int tag, int type, int count, long value) {
        b.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3) b.putShort((short) value).putShort((short) 0); else b.putInt((int) value);
    }
}
