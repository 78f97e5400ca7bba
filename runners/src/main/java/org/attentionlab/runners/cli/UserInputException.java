package org.attentionlab.runners.cli;

/** Bad input found by a command (a path, a folder, a results file): exit code 2 and this message. */
public class UserInputException extends RuntimeException {
    public UserInputException(String message) {
        super(message);
    }
}
