package io.github.fijiunet;

/**
 * An option given a value it does not accept (out of range, unknown choice). Dialogs and macros
 * show it like any {@link InvalidInputException}; the CLI reports it as a bad command line (exit 2).
 */
public class OptionValueException extends InvalidInputException {

    public OptionValueException(String message) {
        super(message);
    }
}
