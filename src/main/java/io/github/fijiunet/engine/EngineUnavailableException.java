package io.github.fijiunet.engine;

import io.github.fijiunet.FijiUnetException;

/** The engine's folder is missing or damaged: the message names the folder and how to repair it. */
public final class EngineUnavailableException extends FijiUnetException {

    public EngineUnavailableException(String message) {
        super(message);
    }

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
