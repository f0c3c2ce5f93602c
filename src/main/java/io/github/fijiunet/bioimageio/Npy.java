package io.github.fijiunet.bioimageio;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.tensor.FloatTensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * NumPy's {@code .npy} files (format 1.0 to 3.0), the test tensors of bioimage.io packages: read
 * as float32 from any numeric dtype and either byte order, written as little-endian float32.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    public static FloatTensor read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return parse(bytes);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + " is not a NumPy array fiji-unet reads: " + e.getMessage());
        }
    }

    static FloatTensor parse(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes.length <= i || bytes[i] != MAGIC[i]) throw new InvalidInputException("no .npy header");
        }
        int major = bytes[6];
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = major == 1 ? Short.toUnsignedInt(in.getShort(8)) : in.getInt(8);
        int dataStart = (major == 1 ? 10 : 12) + headerLength;
        String header = new String(bytes, major == 1 ? 10 : 12, headerLength, major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeText = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeText.find()) throw new InvalidInputException("unreadable header " + header.strip());
        List<Integer> sizes = new ArrayList<>();
        for (String part : shapeText.group(1).split(",")) {
            if (!part.isBlank()) sizes.add(Integer.parseInt(part.strip()));
        }
        int[] shape = sizes.stream().mapToInt(Integer::intValue).toArray();
        long count = 1;
        for (int s : shape) count *= s;
        char kind = descr.group(2).charAt(0);
        int width = Integer.parseInt(descr.group(3));
        ByteOrder order = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if ((long) dataStart + count * width > bytes.length) throw new InvalidInputException("the data is shorter than its shape " + sizes);
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice().order(order);
        float[] values = new float[Math.toIntExact(count)];
        for (int i = 0; i < values.length; i++) values[i] = element(data, i * width, kind, width);
        if (fortran.group(1).equals("True")) {
            // Fortran order: the first axis runs fastest, i.e. C order of the reversed shape, then transposed.
            int[] reversed = new int[shape.length];
            int[] order2 = new int[shape.length];
            for (int a = 0; a < shape.length; a++) {
                reversed[a] = shape[shape.length - 1 - a];
                order2[a] = shape.length - 1 - a;
            }
            return new FloatTensor(reversed, values).permute(order2);
        }
        return new FloatTensor(shape, values);
    }

    private static float element(ByteBuffer data, int at, char kind, int width) {
        switch (kind + String.valueOf(width)) {
            case "f4": return data.getFloat(at);
            case "f8": return (float) data.getDouble(at);
            case "f2": return halfToFloat(data.getShort(at));
            case "u1": return data.get(at) & 0xff;
            case "i1": return data.get(at);
            case "b1": return data.get(at) != 0 ? 1f : 0f;
            case "u2": return data.getShort(at) & 0xffff;
            case "i2": return data.getShort(at);
            case "u4": return data.getInt(at) & 0xffffffffL;
            case "i4": return data.getInt(at);
            case "u8":
            case "i8": return data.getLong(at);
            default: throw new InvalidInputException("dtype " + kind + width + " is not a number type");
        }
    }

    private static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h >>> 15) << 31;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0) return (sign == 0 ? 1 : -1) * mantissa * 0x1p-24f;
        if (exponent == 31) return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Writes {@code tensor} as a version 1.0 little-endian float32 array in C order. */
    public static void write(FloatTensor tensor, OutputStream out) throws IOException {
        String dims = Arrays.stream(tensor.shape()).mapToObj(String::valueOf).collect(Collectors.joining(", "));
        String dict = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }",
                tensor.rank() == 1 ? dims + "," : dims);
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.write(head.array());
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        float[] data = tensor.data();
        ByteBuffer body = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        body.asFloatBuffer().put(data);
        out.write(body.array());
    }
}
