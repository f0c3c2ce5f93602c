package io.github.fijiunet;

/** The user stopped a running prediction or training; nothing half-written is left behind. */
public class CancelledException extends FijiUnetException {

    public CancelledException() {
        super("Cancelled by the user.");
    }
}
