package io.github.fijiunet.train;

/** Receives training progress; all methods are called on the training thread. */
public interface TrainingListener {

    TrainingListener NONE = new TrainingListener() {};

    /** After every optimisation step (1-based {@code step}). */
    default void stepFinished(long step, long totalSteps, float loss) {}

    /** After every epoch's validation. */
    default void epochFinished(EpochResult epoch) {}

    /** A line worth showing the user (resume, early stop, export). */
    default void message(String text) {}
}
