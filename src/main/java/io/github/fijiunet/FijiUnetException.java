package io.github.fijiunet;

/**
 * Base of every failure a user can cause or fix (bad model folder, wrong image, option out of
 * range). The message says what is wrong and what to do; command and CLI edges show it as is,
 * without a stack trace.
 */
public class FijiUnetException extends RuntimeException {

    public FijiUnetException(String message) {
        super(message);
    }

    public FijiUnetException(String message, Throwable cause) {
        super(message, cause);
    }
}
