package org.attentionlab.core.model;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file so that a reader sees the old file or the whole new one, never a part: a temporary file moved into place. */
public final class AtomicFile {

    private AtomicFile() {
    }

    /**
     * Writes {@code bytes} to {@code file} through a temporary file in the same folder, moved atomically where the
     * file system can; the temporary file is removed on failure.
     *
     * @throws IOException when the folder cannot be written
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
