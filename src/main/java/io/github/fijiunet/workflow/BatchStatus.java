package io.github.fijiunet.workflow;

/** What happened to one file of a batch run (the summary's status column). */
public enum BatchStatus {
    /** Segmented and its outputs saved. */
    OK,
    /** Not an image, unreadable, or unsuitable for the model (the message says which); the batch went on. */
    SKIPPED,
    /** Readable but segmenting or saving it failed (the message says why); the batch went on. */
    FAILED,
    /** Resumed batch: the outputs of an earlier run were complete and are kept as they are. */
    KEPT,
    /** Not reached because the user cancelled the batch. */
    CANCELLED
}
