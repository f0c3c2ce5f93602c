package io.github.fijiunet.model;

import io.github.fijiunet.InvalidInputException;

/**
 * How TensorFlow runs a model: the device, its thread pools (0 lets TensorFlow use every core;
 * Fiji users share the machine with the GUI, so both are settable) and the layer arithmetic.
 */
public final class RuntimeOptions {

    public static final RuntimeOptions DEFAULT = new RuntimeOptions(ComputeDevice.CPU, 0, 0, Precision.FLOAT32);

    private final ComputeDevice device;
    private final int intraOpThreads;
    private final int interOpThreads;
    private final Precision precision;

    public RuntimeOptions(ComputeDevice device, int intraOpThreads, int interOpThreads, Precision precision) {
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new InvalidInputException("Thread counts must be 0 (automatic) or positive, got intra-op "
                    + intraOpThreads + ", inter-op " + interOpThreads + ".");
        }
        this.device = device;
        this.intraOpThreads = intraOpThreads;
        this.interOpThreads = interOpThreads;
        this.precision = precision;
    }

    public ComputeDevice device() {
        return device;
    }

    public int intraOpThreads() {
        return intraOpThreads;
    }

    public int interOpThreads() {
        return interOpThreads;
    }

    /** The requested arithmetic; {@link LoadedModel#precision()} says which one runs. */
    public Precision precision() {
        return precision;
    }

}
