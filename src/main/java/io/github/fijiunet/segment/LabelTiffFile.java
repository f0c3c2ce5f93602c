package io.github.fijiunet.segment;

import io.github.fijiunet.FijiUnetException;
import io.github.fijiunet.InvalidInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A {@link LabelCanvas} on disk: an uncompressed 32-bit label TIFF written row segment by row
 * segment, so a plane's labels never have to fit in memory (a 32768×32768 plane is 4 GiB of
 * labels). Pixels go straight to their final place; {@link #finish()} appends the directory and
 * renames the {@code .part} file into place, so a cancelled or failed run leaves no half-written
 * image. Files of 4 GiB and more are BigTIFF (Fiji opens them with Bio-Formats); smaller ones are
 * classic TIFF that plain ImageJ opens. Offsets are {@code long} throughout.
 */
public final class LabelTiffFile implements LabelCanvas, AutoCloseable {

    /** Pixel data starts here, after the header (8 bytes classic, 16 BigTIFF). */
    private static final long DATA_OFFSET = 16;
    private static final int STRIP_BYTES = 1 << 20;
    private static final short SHORT = 3;
    private static final short LONG = 4;
    private static final short LONG8 = 16;

    private final Path target;
    private final Path part;
    private final boolean overwrite;
    private final int width;
    private final int height;
    private final boolean bigTiff;
    private final FileChannel channel;
    private ByteBuffer segment = ByteBuffer.allocate(0);
    private boolean finished;

    /** Starts {@code target}; an existing file is an error unless {@code overwrite}. */
    public LabelTiffFile(Path target, int width, int height, boolean overwrite) {
        if (!overwrite && Files.exists(target)) {
            throw new InvalidInputException("The label image " + target + " exists already. Choose another output folder or allow overwriting.");
        }
        this.target = target;
        String name = target.getFileName().toString();
        this.part = target.resolveSibling("." + name + ".part");
        this.overwrite = overwrite;
        this.width = width;
        this.height = height;
        long dataBytes = 4L * width * height;
        long strips = (height + rowsPerStrip(width) - 1) / rowsPerStrip(width);
        // Classic TIFF addresses 32-bit offsets; the directory and strip tables follow the data.
        this.bigTiff = DATA_OFFSET + dataBytes + 8 * strips + 512 > 0xFFFF_FFFFL;
        try {
            channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            // A sparse file of the final data size: unpainted pixels read (and stay) 0 without being written.
            channel.write(ByteBuffer.allocate(1), DATA_OFFSET + dataBytes - 1);
        } catch (IOException e) {
            throw new InvalidInputException("Cannot write " + part + ": " + e.getMessage() + ". Choose a folder you can write to.");
        }
    }

    private static int rowsPerStrip(int width) {
        return Math.max(1, STRIP_BYTES / (4 * width));
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** True when the file is BigTIFF (4 GiB and more). */
    public boolean isBigTiff() {
        return bigTiff;
    }

    @Override
    public void claim(int y, int x, int[] labels, int offset, int length) {
        int first = offset;
        int end = offset + length;
        while (first < end && labels[first] == 0) first++;
        if (first == end) return;
        int last = end - 1;
        while (labels[last] == 0) last--;
        int n = last - first + 1;
        long position = DATA_OFFSET + 4L * ((long) y * width + x + (first - offset));
        try {
            if (segment.capacity() < 4 * n) segment = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
            segment.clear().limit(4 * n);
            while (segment.hasRemaining()) {
                if (channel.read(segment, position + segment.position()) < 0) throw new IOException("unexpected end of file");
            }
            for (int i = 0; i < n; i++) {
                int v = labels[first + i];
                if (v != 0 && segment.getInt(4 * i) == 0) segment.putInt(4 * i, v);
            }
            segment.clear().limit(4 * n);
            while (segment.hasRemaining()) channel.write(segment, position + segment.position());
        } catch (IOException e) {
            throw new FijiUnetException("Writing labels to " + part + " failed: " + e.getMessage() + ". Check the free disk space.", e);
        }
    }

    /** Writes the TIFF directory and moves the finished file into place. */
    public void finish() {
        int rowsPerStrip = rowsPerStrip(width);
        int strips = (height + rowsPerStrip - 1) / rowsPerStrip;
        long dataEnd = DATA_OFFSET + 4L * width * height;
        long ifd = (dataEnd + 7) & ~7L;
        int entries = 10;
        int entryBytes = bigTiff ? 20 : 12;
        long ifdBytes = (bigTiff ? 8 : 2) + (long) entries * entryBytes + (bigTiff ? 8 : 4);
        int pointer = bigTiff ? 8 : 4;
        long offsetsTable = ifd + ifdBytes;
        long countsTable = offsetsTable + (long) strips * pointer;
        ByteBuffer tables = ByteBuffer.allocate(2 * strips * pointer).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < strips; s++) putPointer(tables, DATA_OFFSET + 4L * width * rowsPerStrip * s);
        for (int s = 0; s < strips; s++) putPointer(tables, 4L * width * Math.min(rowsPerStrip, height - s * rowsPerStrip));

        ByteBuffer directory = ByteBuffer.allocate((int) ifdBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bigTiff) directory.putLong(entries);
        else directory.putShort((short) entries);
        entry(directory, 256, LONG, 1, width);
        entry(directory, 257, LONG, 1, height);
        entry(directory, 258, SHORT, 1, 32);
        entry(directory, 259, SHORT, 1, 1); // no compression
        entry(directory, 262, SHORT, 1, 1); // black is zero
        entry(directory, 273, bigTiff ? LONG8 : LONG, strips, strips == 1 ? DATA_OFFSET : offsetsTable);
        entry(directory, 277, SHORT, 1, 1);
        entry(directory, 278, LONG, 1, rowsPerStrip);
        entry(directory, 279, bigTiff ? LONG8 : LONG, strips, strips == 1 ? 4L * width * height : countsTable);
        entry(directory, 339, SHORT, 1, 1); // unsigned integers
        putPointer(directory, 0); // no further directory

        ByteBuffer header = ByteBuffer.allocate((int) DATA_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 'I').put((byte) 'I');
        if (bigTiff) header.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(ifd);
        else header.putShort((short) 42).putInt((int) ifd);
        try {
            writeFully(directory.flip(), ifd);
            writeFully(tables.flip(), offsetsTable);
            writeFully(header.clear(), 0);
            channel.force(true);
            channel.close();
            if (overwrite) Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            else Files.move(part, target);
            finished = true;
        } catch (FileAlreadyExistsException e) {
            finished = true; // keep the .part file: it holds the new labels
            throw new InvalidInputException("The label image " + target + " appeared while segmenting; it was not replaced. "
                    + "The new labels are in " + part + ".");
        } catch (IOException e) {
            throw new FijiUnetException("Finishing the label image " + target + " failed: " + e.getMessage() + ".", e);
        }
    }

    private void putPointer(ByteBuffer buffer, long value) {
        if (bigTiff) buffer.putLong(value);
        else buffer.putInt((int) value);
    }

    /** One directory entry; a single value sits in the entry itself, left-justified. */
    private void entry(ByteBuffer directory, int tag, short type, long count, long value) {
        directory.putShort((short) tag).putShort(type);
        if (bigTiff) directory.putLong(count);
        else directory.putInt((int) count);
        int start = directory.position();
        if (count == 1 && type == SHORT) directory.putShort((short) value);
        else putPointer(directory, value);
        directory.position(start + (bigTiff ? 8 : 4));
    }

    private void writeFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) channel.write(buffer, position + buffer.position());
    }

    /** Without {@link #finish()} (cancelled, failed) the partial file is deleted. */
    @Override
    public void close() {
        if (finished) return;
        try {
            channel.close();
            Files.deleteIfExists(part);
        } catch (IOException e) {
            throw new FijiUnetException("Could not remove the unfinished " + part + ": " + e.getMessage(), e);
        }
    }
}
