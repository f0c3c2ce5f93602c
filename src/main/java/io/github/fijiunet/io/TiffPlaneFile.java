package io.github.fijiunet.io;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileOpener;
import ij.io.Opener;
import ij.measure.Calibration;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.tensor.PlaneSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The one plane of an uncompressed grey TIFF (8-bit, 16-bit unsigned or 32-bit float), read
 * straight from the file a row segment at a time: a block of a plane larger than memory is read
 * without opening the plane whole. Pixel values are those ImageJ reads; reads are positional, so
 * several threads may read at once.
 */
public final class TiffPlaneFile implements PlaneSource, AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final int width;
    private final int height;
    private final int bytesPerPixel;
    private final int fileType;
    private final ByteOrder order;
    private final long offset;
    private final long[] stripOffsets;
    private final int rowsPerStrip;
    private final Calibration calibration;
    private final ThreadLocal<ByteBuffer> buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));

    private TiffPlaneFile(Path file, FileInfo fi, Calibration calibration) throws IOException {
        this.file = file;
        this.width = fi.width;
        this.height = fi.height;
        this.fileType = fi.fileType;
        this.bytesPerPixel = fi.getBytesPerPixel();
        this.order = fi.intelByteOrder ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        this.offset = fi.getOffset();
        boolean strips = fi.stripOffsets != null && fi.stripOffsets.length > 1;
        this.stripOffsets = new long[strips ? fi.stripOffsets.length : 0];
        for (int k = 0; k < stripOffsets.length; k++) stripOffsets[k] = fi.stripOffsets[k] & 0xffffffffL;
        this.rowsPerStrip = !strips ? height : fi.rowsPerStrip > 0 ? fi.rowsPerStrip : (height + stripOffsets.length - 1) / stripOffsets.length;
        this.calibration = calibration;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * The file's plane read in place, or empty when the file is not a TIFF of one uncompressed grey
     * plane of those types (it is then to be opened whole, {@link ImageFiles#open}). A damaged or
     * truncated TIFF is refused as {@link ImageFiles} refuses it.
     */
    public static Optional<TiffPlaneFile> open(Path file) {
        long size = ImageFiles.requireReadable(file);
        if (!ImageFiles.hasExtension(file, List.of("tif", "tiff"))) return Optional.empty();
        StringBuilder messages = new StringBuilder();
        if (ImageJMessages.capture(() -> new Opener().getFileType(file.toString()), messages) != Opener.TIFF) return Optional.empty();
        FileInfo[] pages = ImageFiles.tiffPages(file, size, messages);
        FileInfo fi = pages[0];
        boolean onePlane = pages.length == 1 && fi.nImages == 1 && fi.samplesPerPixel <= 1;
        boolean grey = fi.fileType == FileInfo.GRAY8 || fi.fileType == FileInfo.GRAY16_UNSIGNED || fi.fileType == FileInfo.GRAY32_FLOAT;
        if (!onePlane || !grey || fi.compression != FileInfo.COMPRESSION_NONE || fi.lutSize > 0) return Optional.empty();
        try {
            return Optional.of(new TiffPlaneFile(file, fi, calibrationOf(fi, messages)));
        } catch (IOException e) {
            throw new InvalidInputException("Cannot read " + file + " (" + e.getMessage() + "). Check the disk or network share it is on.");
        }
    }

    /**
     * The calibration ImageJ gives the file (resolution tags, its image description), from ImageJ's
     * own opener run on the first pixel only.
     */
    private static Calibration calibrationOf(FileInfo fi, StringBuilder messages) {
        FileInfo first = (FileInfo) fi.clone();
        first.width = 1;
        first.height = 1;
        first.stripOffsets = null;
        first.stripLengths = null;
        ImagePlus pixel = ImageJMessages.capture(() -> new FileOpener(first).openImage(), messages);
        return pixel == null ? new Calibration() : pixel.getCalibration();
    }

    /** Pixel size and unit as the image ImageJ opens from the file has them. */
    public Calibration calibration() {
        return calibration;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public boolean isFloatingPoint() {
        return fileType == FileInfo.GRAY32_FLOAT;
    }

    @Override
    public void readRow(int c, int y, int x, int length, float[] dst, int dstOffset, int dstStride) {
        if (c != 0 || y < 0 || y >= height || x < 0 || length < 0 || x + length > width) {
            throw new IndexOutOfBoundsException("row " + y + " [" + x + ", " + (x + length) + ") of channel " + c + " in a " + width + "x" + height + " plane");
        }
        ByteBuffer buffer = buffers.get();
        int bytes = length * bytesPerPixel;
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocate(bytes);
            buffers.set(buffer);
        }
        buffer.clear().limit(bytes);
        long position = rowStart(y) + (long) x * bytesPerPixel;
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) throw new IOException("the file ends inside its pixel data");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        buffer.flip().order(order);
        for (int i = 0, d = dstOffset; i < length; i++, d += dstStride) {
            switch (fileType) {
                case FileInfo.GRAY8: dst[d] = buffer.get(i) & 0xff; break;
                case FileInfo.GRAY16_UNSIGNED: dst[d] = buffer.getShort(2 * i) & 0xffff; break;
                default: dst[d] = buffer.getFloat(4 * i);
            }
        }
    }

    private long rowStart(int y) {
        long rowBytes = (long) width * bytesPerPixel;
        if (stripOffsets.length == 0) return offset + y * rowBytes;
        return stripOffsets[y / rowsPerStrip] + (y % rowsPerStrip) * rowBytes;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Read-only: nothing is lost when closing fails.
        }
    }
}
