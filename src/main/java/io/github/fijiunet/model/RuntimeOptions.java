package io.github.fijiunet.model;

import io.github.fijiunet.InvalidOptionException;

/**
 * How TensorFlow runs a model: the device, its thread pools (0 lets TensorFlow use every core;
 * Fiji users share the machine with the GUI, so both are settable, up to the machine's cores) and
 * the layer arithmetic.
 */
public final class RuntimeOptions implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public static final RuntimeOptions DEFAULT = new RuntimeOptions(ComputeDevice.CPU, 0, 0, Precision.FLOAT32);

    private final ComputeDevice device;
    private final int intraOpThreads;
    private final int interOpThreads;
    private final Precision precision;

    public RuntimeOptions(ComputeDevice device, int intraOpThreads, int interOpThreads, Precision precision) {
        this.device = device;
        this.intraOpThreads = checkedThreads("threads", intraOpThreads);
        this.interOpThreads = checkedThreads("inter-op threads", interOpThreads);
        this.precision = precision;
    }

    /**
     * {@code threads} if it is 0 (all cores) or 1 to this machine's core count. More threads than
     * cores only contend: 100000 made TensorFlow start 32k threads and 14.5 GB of stacks.
     * {@code option} names the option in the message (training's thread count uses this too).
     */
    public static int checkedThreads(String option, int threads) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (threads >= 0 && threads <= cores) return threads;
        throw new InvalidOptionException(option + " " + threads + (threads < 0 ? " is negative" : " is more than this machine's "
                + cores + " cores") + "; give 0 (all cores) or " + (cores == 1 ? "1" : "1-" + cores) + ".");
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
