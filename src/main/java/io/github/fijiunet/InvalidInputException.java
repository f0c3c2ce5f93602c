package io.github.fijiunet;

/** An image or option value the pipeline cannot work with (wrong channels, range, type...). */
public class InvalidInputException extends FijiUnetException {

    public InvalidInputException(String message) {
        super(message);
    }
}
