package io.github.fijiunet.train;

import io.github.fijiunet.FijiUnetException;

/** Training data that cannot be read or does not fit together (missing masks, wrong sizes, bad IDX files). */
public class TrainingDataException extends FijiUnetException {

    public TrainingDataException(String message) {
        super(message);
    }

    public TrainingDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
