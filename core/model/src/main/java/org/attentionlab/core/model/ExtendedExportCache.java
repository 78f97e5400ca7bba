package org.attentionlab.core.model;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The folder where rewritten exports are kept between runs. A file is keyed by the source export's
 * SHA-256, the method and the new length ({@code <sha256>-<method>-<extendTo>.onnx}), so a changed
 * source or another extension never reuses a stale file. Files are written to a temp file in the
 * same folder, then renamed, so a crash never leaves a half-written file under a valid key.
 */
public final class ExtendedExportCache {

    private final Path folder;

    public ExtendedExportCache(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /** {@code ~/.cache/attention-lab/extended}. */
    public static Path defaultFolder() {
        return Path.of(System.getProperty("user.home"), ".cache", "attention-lab", "extended");
    }

    public Path folder() {
        return folder;
    }

    /**
     * Fails now, with one line, when the folder cannot be created or written.
     *
     * @throws ModelLoadException naming the folder and the reason
     */
    public void checkWritable() {
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new ModelLoadException("the positions cache folder " + folder + " cannot be written (" + reason(e) + ")");
        }
    }

    /** An extended export and where it lies. */
    public record Entry(byte[] onnxBytes, Path file, String sha256, PositionTable table, boolean reused) {
    }

    /**
     * The export extended as asked: read from the cache when the key is there, else rewritten and
     * stored.
     *
     * @throws ModelLoadException if the source has no learned position table, or the folder cannot be written
     */
    public Entry extended(byte[] sourceBytes, String sourceName, PositionExtension extension) {
        String key = sha256(sourceBytes) + "-" + extension.method().configName() + "-" + extension.extendTo() + ".onnx";
        Path file = folder.resolve(key);
        if (Files.isRegularFile(file)) {
            try {
                byte[] cached = Files.readAllBytes(file);
                PositionTable table = PositionTable.locate(ai.onnx.proto.OnnxMl.ModelProto.parseFrom(cached).getGraph(), file.toString());
                if (table.rows() == extension.extendTo()) {
                    // the source's row count is not in the cached file: take it from the source's graph
                    PositionTable source = PositionTable.locate(ai.onnx.proto.OnnxMl.ModelProto.parseFrom(sourceBytes).getGraph(), sourceName);
                    return new Entry(cached, file, sha256(cached), source, true);
                }
            } catch (IOException | ModelLoadException e) {
                // unreadable or foreign: rebuilt below and replaced atomically
            }
        }
        PositionTableRewriter.Rewritten rewritten = PositionTableRewriter.rewrite(sourceBytes, sourceName, extension);
        checkWritable();
        Path temp = null;
        try {
            temp = Files.createTempFile(folder, key + ".", ".tmp");
            Files.write(temp, rewritten.onnxBytes());
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot write the extended export to " + file + " (" + reason(e) + ")", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the rename succeeded or the write failed; either way nothing more to do
                }
            }
        }
        return new Entry(rewritten.onnxBytes(), file, sha256(rewritten.onnxBytes()), rewritten.table(), false);
    }

    /** Lower-case hex SHA-256 of the bytes. */
    public static String sha256(byte[] bytes) {
        return org.attentionlab.core.text.Sha256.of(bytes);
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
