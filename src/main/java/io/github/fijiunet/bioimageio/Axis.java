package io.github.fijiunet.bioimageio;

import java.util.List;

/**
 * One axis of a bioimage.io tensor: its type and id, and its size rule (fixed, {@code min + n *
 * step}, or another tensor's axis {@code * scale + offset}); outputs may carry a halo.
 */
public final class Axis {

    /** The axis types of format 0.5 (0.4's letters b, c, i, t, x/y/z map onto them). */
    public enum Type { BATCH, CHANNEL, INDEX, TIME, SPACE }

    private final Type type;
    private final String id;
    private final int fixedSize;
    private final int min;
    private final int step;
    private final String referenceTensor;
    private final String referenceAxis;
    private final double referenceScale;
    private final int referenceOffset;
    private final int halo;
    private final List<String> channelNames;

    private Axis(Type type, String id, int fixedSize, int min, int step, String referenceTensor, String referenceAxis,
                 double referenceScale, int referenceOffset, int halo, List<String> channelNames) {
        this.type = type;
        this.id = id;
        this.fixedSize = fixedSize;
        this.min = min;
        this.step = step;
        this.referenceTensor = referenceTensor;
        this.referenceAxis = referenceAxis;
        this.referenceScale = referenceScale;
        this.referenceOffset = referenceOffset;
        this.halo = halo;
        this.channelNames = List.copyOf(channelNames);
    }

    /** An axis of any size (a batch axis without a size, an output axis whose size depends on the data). */
    static Axis free(Type type, String id, int halo) {
        return new Axis(type, id, -1, -1, -1, null, null, 1, 0, halo, List.of());
    }

    static Axis fixed(Type type, String id, int size, int halo, List<String> channelNames) {
        return new Axis(type, id, size, -1, -1, null, null, 1, 0, halo, channelNames);
    }

    static Axis parameterized(Type type, String id, int min, int step, int halo) {
        return new Axis(type, id, -1, min, step, null, null, 1, 0, halo, List.of());
    }

    static Axis reference(Type type, String id, String tensor, String axis, double scale, int offset, int halo) {
        return new Axis(type, id, -1, -1, -1, tensor, axis, scale, offset, halo, List.of());
    }

    public Type type() {
        return type;
    }

    public String id() {
        return id;
    }

    /** The size this axis must have, or -1 when it is not fixed. */
    public int fixedSize() {
        return fixedSize;
    }

    public boolean isParameterized() {
        return step >= 0;
    }

    /** The smallest size of a parameterized axis. */
    public int min() {
        return min;
    }

    /** The size step of a parameterized axis (0: only {@link #min}). */
    public int step() {
        return step;
    }

    public boolean isReference() {
        return referenceTensor != null;
    }

    public String referenceTensor() {
        return referenceTensor;
    }

    public String referenceAxis() {
        return referenceAxis;
    }

    public double referenceScale() {
        return referenceScale;
    }

    public int referenceOffset() {
        return referenceOffset;
    }

    /** Pixels on each side of an output that the model cannot compute well (cropped off when tiling). */
    public int halo() {
        return halo;
    }

    public List<String> channelNames() {
        return channelNames;
    }

    /** Whether {@code size} obeys this axis's own rule (references are checked against their tensor). */
    public boolean accepts(int size) {
        if (fixedSize >= 0) return size == fixedSize;
        if (isParameterized()) return size >= min && (step == 0 ? size == min : (size - min) % step == 0);
        return size > 0;
    }

    /** The smallest size of at least {@code size} that the rule accepts (the size itself for free and reference axes). */
    public int sizeAtLeast(int size) {
        if (fixedSize >= 0) return fixedSize;
        if (isParameterized()) {
            if (size <= min || step == 0) return min;
            return min + (int) Math.ceil((size - min) / (double) step) * step;
        }
        return size;
    }

    @Override
    public String toString() {
        String size = fixedSize >= 0 ? String.valueOf(fixedSize) : isParameterized() ? min + "+n*" + step
                : isReference() ? referenceTensor + "." + referenceAxis : "any";
        return id + "(" + type.name().toLowerCase(java.util.Locale.ROOT) + ", " + size + (halo > 0 ? ", halo " + halo : "") + ")";
    }
}
