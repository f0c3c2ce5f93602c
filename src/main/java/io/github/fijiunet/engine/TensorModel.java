package io.github.fijiunet.engine;

import io.github.fijiunet.tensor.FloatTensor;

import java.util.Map;

/**
 * A model run on whole tensors in its own axis order, as its file defines it (an ONNX graph, a
 * SavedModel signature): what bioimage.io packages need. Thread-safe. Close it to free the
 * engine's native memory.
 */
public interface TensorModel extends AutoCloseable {

    /** The inputs by name, in the model's order, with their shapes (-1 where any size is taken). */
    Map<String, int[]> inputs();

    /** The outputs by name, in the model's order, with their shapes (-1 where the size follows the input). */
    Map<String, int[]> outputs();

    /**
     * Runs the model on one tensor per input name and returns every output by name. A tensor the
     * model refuses is an {@link io.github.fijiunet.InvalidInputException} naming the input.
     */
    Map<String, FloatTensor> run(Map<String, FloatTensor> inputs);

    @Override
    void close();

    /** "input [1, -1, -1, 1], mask [1, 3]": tensors and their shapes, for messages. */
    static String describe(Map<String, int[]> tensors) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (Map.Entry<String, int[]> e : tensors.entrySet()) parts.add(e.getKey() + " " + java.util.Arrays.toString(e.getValue()));
        return String.join(", ", parts);
    }
}
