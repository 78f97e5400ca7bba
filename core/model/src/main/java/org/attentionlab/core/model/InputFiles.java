package org.attentionlab.core.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The check every file a user names (experiment file, corpus, ONNX export, tokenizer) passes before it is
 * opened: it must be a regular file. Reading a named pipe blocks until something writes to it (forever, from
 * the user's view), a device such as /dev/zero never ends, and a directory fails with a vague error.
 */
public final class InputFiles {

    private InputFiles() {
    }

    /**
     * Why {@code path} cannot be read as {@code what}, in one line, or null when it is a regular file (links
     * followed) or does not exist (each caller keeps its own "not found" message).
     */
    public static String notRegular(Path path, String what) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return null; // missing, or unreadable: the caller's read says which
        }
        if (attributes.isRegularFile()) {
            return null;
        }
        if (attributes.isDirectory()) {
            return what + " is a directory, not a file: " + path;
        }
        return what + " is not a regular file (it is " + kind(path) + "): " + path;
    }

    /** What a file that is neither regular nor a directory is, from its Unix mode where the platform has one. */
    private static String kind(Path path) {
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a named pipe";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }
}
