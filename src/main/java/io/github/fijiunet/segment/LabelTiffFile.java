package io.github.fijiunet.segment;

import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.InvalidInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Label planes on disk: an uncompressed 32-bit label TIFF (one page per plane, each page a
 * {@link LabelCanvas}) written row segment by row segment, so labels never have to fit in memory
 * (a 32768×32768 plane is 4 GiB of labels; a long stack may be more). Pixels go straight to their
 * final place in a part file of an {@link AtomicFiles.OutputSet}; {@link #finish()} appends the
 * directories, and the set's commit moves the file into place, so a cancelled or failed run leaves
 * no half-written image. Files of 4 GiB and more are BigTIFF (Fiji opens them with Bio-Formats);
 * smaller ones are classic TIFF that plain ImageJ opens. Offsets are {@code long} throughout. An ImageJ image
 * description records the Z and T sizes, so a Z×T stack reopens as the hyperstack it came from.
 */
public final class LabelTiffFile {

    /** Pixel data starts here, after the header (8 bytes classic, 16 BigTIFF). */
    private static final long DATA_OFFSET = 16;
    private static final int STRIP_BYTES = 1 << 20;
    private static final short ASCII = 2;
    private static final short SHORT = 3;
    private static final short LONG = 4;
    private static final short LONG8 = 16;

    private final Path target;
    private final int width;
    private final int height;
    private final int planes;
    private final byte[] description;
    private final long planeBytes;
    private final int rowsPerStrip;
    private final int stripsPerPlane;
    private final boolean bigTiff;
    private final FileChannel channel;
    private ByteBuffer segment = ByteBuffer.allocate(0);

    /** Starts {@code part}'s file with {@code slices × frames} pages, slices varying fastest (ImageJ's order). */
    public LabelTiffFile(AtomicFiles.Part part, int width, int height, int slices, int frames) {
        this.target = part.target();
        this.channel = part.channel();
        this.width = width;
        this.height = height;
        long pages = (long) slices * frames;
        if (pages > Integer.MAX_VALUE) throw new InvalidInputException("A label image cannot hold " + pages + " planes.");
        this.planes = (int) pages;
        this.description = imageJDescription(planes, slices, frames);
        this.planeBytes = 4L * width * height;
        this.rowsPerStrip = Math.max(1, STRIP_BYTES / (4 * width));
        this.stripsPerPlane = (height + rowsPerStrip - 1) / rowsPerStrip;
        long dataBytes = planeBytes * planes;
        // Classic TIFF addresses 32-bit offsets; the directories and strip tables follow the data.
        this.bigTiff = DATA_OFFSET + dataBytes + (8L * stripsPerPlane + 512) * planes + description.length > 0xFFFF_FFFFL;
        try {
            // A sparse file of the final data size: unpainted pixels read (and stay) 0 without being written.
            channel.write(ByteBuffer.allocate(1), DATA_OFFSET + dataBytes - 1);
        } catch (IOException e) {
            throw AtomicFiles.writeFailed(target, e);
        }
    }

    /** Page {@code plane} (0-based) as a canvas. */
    public LabelCanvas plane(int plane) {
        if (plane < 0 || plane >= planes) throw new IndexOutOfBoundsException("plane " + plane + " of " + planes);
        return new LabelCanvas() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public void claim(int y, int x, int[] labels, int offset, int length) {
                LabelTiffFile.this.claim(plane, y, x, labels, offset, length);
            }
        };
    }

    /** True when the file is BigTIFF (4 GiB and more). */
    public boolean isBigTiff() {
        return bigTiff;
    }

    private void claim(int plane, int y, int x, int[] labels, int offset, int length) {
        int first = offset;
        int end = offset + length;
        while (first < end && labels[first] == 0) first++;
        if (first == end) return;
        int last = end - 1;
        while (labels[last] == 0) last--;
        int n = last - first + 1;
        long position = DATA_OFFSET + plane * planeBytes + 4L * ((long) y * width + x + (first - offset));
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
            throw AtomicFiles.writeFailed(target, e);
        }
    }

    /** Writes the TIFF directories (one per page, after the data); the set's commit syncs the file and moves it into place. */
    public void finish() {
        int strips = stripsPerPlane;
        int entries = 11;
        int pointer = bigTiff ? 8 : 4;
        long ifdBytes = (bigTiff ? 8 : 2) + (long) entries * (bigTiff ? 20 : 12) + pointer;
        long pageBytes = (ifdBytes + 2L * strips * pointer + 7) & ~7L;
        long firstIfd = (DATA_OFFSET + planeBytes * planes + 7) & ~7L;
        long descriptionOffset = firstIfd + planes * pageBytes;
        try {
            for (int p = 0; p < planes; p++) {
                long ifd = firstIfd + p * pageBytes;
                long offsetsTable = ifd + ifdBytes;
                long countsTable = offsetsTable + (long) strips * pointer;
                long planeStart = DATA_OFFSET + p * planeBytes;
                ByteBuffer page = ByteBuffer.allocate((int) pageBytes).order(ByteOrder.LITTLE_ENDIAN);
                if (bigTiff) page.putLong(entries);
                else page.putShort((short) entries);
                entry(page, 256, LONG, 1, width);
                entry(page, 257, LONG, 1, height);
                entry(page, 258, SHORT, 1, 32);
                entry(page, 259, SHORT, 1, 1); // no compression
                entry(page, 262, SHORT, 1, 1); // black is zero
                entry(page, 270, ASCII, description.length, descriptionOffset);
                entry(page, 273, bigTiff ? LONG8 : LONG, strips, strips == 1 ? planeStart : offsetsTable);
                entry(page, 277, SHORT, 1, 1);
                entry(page, 278, LONG, 1, rowsPerStrip);
                entry(page, 279, bigTiff ? LONG8 : LONG, strips, strips == 1 ? planeBytes : countsTable);
                entry(page, 339, SHORT, 1, 1); // unsigned integers
                putPointer(page, p + 1 < planes ? ifd + pageBytes : 0);
                for (int s = 0; s < strips; s++) putPointer(page, planeStart + 4L * width * rowsPerStrip * s);
                for (int s = 0; s < strips; s++) putPointer(page, 4L * width * Math.min(rowsPerStrip, height - s * rowsPerStrip));
                writeFully(page.clear(), ifd);
            }
            writeFully(ByteBuffer.wrap(description), descriptionOffset);
            ByteBuffer header = ByteBuffer.allocate((int) DATA_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
            header.put((byte) 'I').put((byte) 'I');
            if (bigTiff) header.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(firstIfd);
            else header.putShort((short) 42).putInt((int) firstIfd);
            writeFully(header.clear(), 0);
        } catch (IOException e) {
            throw AtomicFiles.writeFailed(target, e);
        }
    }

    /** ImageJ's own description (NUL-terminated), from which it rebuilds the stack's dimensions. */
    private static byte[] imageJDescription(int planes, int slices, int frames) {
        StringBuilder d = new StringBuilder("ImageJ=1.54f\n");
        if (planes > 1) d.append("images=").append(planes).append('\n');
        if (slices > 1) d.append("slices=").append(slices).append('\n');
        if (frames > 1) d.append("frames=").append(frames).append('\n');
        if (slices > 1 && frames > 1) d.append("hyperstack=true\n");
        return (d + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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
}
