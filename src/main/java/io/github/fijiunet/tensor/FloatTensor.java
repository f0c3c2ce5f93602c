package io.github.fijiunet.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor in C order (last axis fastest), with a shape and no named axes: what
 * crosses the engine boundary for models that keep their own axis order (bioimage.io packages).
 */
public final class FloatTensor {

    private final int[] shape;
    private final float[] data;

    public FloatTensor(int[] shape, float[] data) {
        long size = size(shape);
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size + " values, got " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
    }

    private static long size(int[] shape) {
        long size = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
            size *= s;
        }
        return size;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int size(int axis) {
        return shape[axis];
    }

    /** The values themselves (not a copy), C order. */
    public float[] data() {
        return data;
    }

    /** The element step of each axis in {@link #data}. */
    public int[] strides() {
        int[] strides = new int[shape.length];
        int step = 1;
        for (int a = shape.length - 1; a >= 0; a--) {
            strides[a] = step;
            step *= shape[a];
        }
        return strides;
    }

    /** The same values with axes reordered: axis {@code i} of the result is axis {@code order[i]} of this one. */
    public FloatTensor permute(int... order) {
        if (order.length != shape.length) throw new IllegalArgumentException("permutation " + Arrays.toString(order) + " for rank " + shape.length);
        int[] newShape = new int[order.length];
        int[] stride = strides();
        int[] sourceStride = new int[order.length];
        boolean identity = true;
        for (int i = 0; i < order.length; i++) {
            newShape[i] = shape[order[i]];
            sourceStride[i] = stride[order[i]];
            identity &= order[i] == i;
        }
        if (identity) return this;
        float[] out = new float[data.length];
        int[] index = new int[order.length];
        int source = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = data[source];
            for (int a = order.length - 1; a >= 0; a--) {
                if (++index[a] < newShape[a]) {
                    source += sourceStride[a];
                    break;
                }
                source -= sourceStride[a] * (newShape[a] - 1);
                index[a] = 0;
            }
        }
        return new FloatTensor(newShape, out);
    }

    @Override
    public String toString() {
        return "float32" + Arrays.toString(shape);
    }
}
