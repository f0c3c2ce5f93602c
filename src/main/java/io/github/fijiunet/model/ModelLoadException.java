package io.github.fijiunet.model;

import io.github.fijiunet.FijiUnetException;

/** A model folder that cannot be used: missing, corrupt, or not matching its descriptor. */
public class ModelLoadException extends FijiUnetException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
