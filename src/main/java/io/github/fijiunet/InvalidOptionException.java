package io.github.fijiunet;

/**
 * An option value that is wrong in itself, whatever the image or model: out of range, not a
 * number, an unknown choice, or options that do not go together. The command line reports it as
 * a bad command line (exit 2); dialogs and macros show it like any other input problem.
 */
public class InvalidOptionException extends InvalidInputException {

    public InvalidOptionException(String message) {
        super(message);
    }
}
