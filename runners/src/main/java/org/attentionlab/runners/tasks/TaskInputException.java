package org.attentionlab.runners.tasks;

import org.attentionlab.core.error.UserFacingException;

/** A task's input the user can fix (a malformed labelled set, a statement that does not fit): one line, exit 2. */
public final class TaskInputException extends UserFacingException {

    private static final long serialVersionUID = 1L;

    public TaskInputException(String message) {
        super(message);
    }
}
