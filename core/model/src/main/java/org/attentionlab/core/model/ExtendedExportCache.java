package org.attentionlab.core.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder where rewritten exports are kept between runs. A file is keyed by the source export's
 * SHA-256, the method and the new length ({@code <sha256>-<method>-<extendTo>.onnx}), so a changed
 * source or another extension never reuses a stale file. Files are written to a temp file in the
 * same folder, then renamed, so a crash never leaves a half-written file under a valid key. Beside each file,
 * {@code <file>.sha256} records its SHA-256 and size when written; a file that no longer matches them (changed in
 * place, truncated, without a digest) is never used: it is rebuilt with a notice, or, in a folder that cannot be
 * written, refused in one line.
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

    /**
     * An extended export and where it lies.
     *
     * @param notice what the cache had to do about a damaged entry (one line: it was rebuilt, and why), or null
     */
    public record Entry(byte[] onnxBytes, Path file, String sha256, PositionTable table, boolean reused, String notice) {
    }

    /** The digest file beside an entry: {@code <sha256> <bytes>}, written when the entry is. */
    static Path digestFile(Path entry) {
        return entry.resolveSibling(entry.getFileName() + ".sha256");
    }

    /**
     * The export extended as asked: read from the cache when the key is there and the file still has the SHA-256
     * recorded when it was written, else rewritten and stored (with a notice saying why, when an entry was there).
     *
     * @throws ModelLoadException if the source has no learned position table, the folder cannot be written, or a
     *                            damaged entry cannot be replaced (a read-only cache)
     */
    public Entry extended(byte[] sourceBytes, String sourceName, PositionExtension extension) {
        String key = sha256(sourceBytes) + "-" + extension.method().configName() + "-" + extension.extendTo() + ".onnx";
        PositionTable[] rewrittenTable = new PositionTable[1];
        Stored stored = stored(key, cached -> {
            PositionTable table = PositionTable.locate(ai.onnx.proto.OnnxMl.ModelProto.parseFrom(cached).getGraph(), key);
            return table.rows() == extension.extendTo() ? null : "holds " + table.rows() + " positions, not " + extension.extendTo();
        }, () -> {
            PositionTableRewriter.Rewritten rewritten = PositionTableRewriter.rewrite(sourceBytes, sourceName, extension);
            rewrittenTable[0] = rewritten.table();
            return rewritten.onnxBytes();
        });
        // the source's row count is not in the cached file: take it from the source's graph
        PositionTable source = rewrittenTable[0] != null ? rewrittenTable[0] : sourceTable(sourceBytes, sourceName);
        return new Entry(stored.bytes(), stored.file(), stored.sha256(), source, stored.reused(), stored.notice());
    }

    private static PositionTable sourceTable(byte[] sourceBytes, String sourceName) {
        try {
            return PositionTable.locate(ai.onnx.proto.OnnxMl.ModelProto.parseFrom(sourceBytes).getGraph(), sourceName);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + sourceName + " as ONNX (" + reason(e) + ")", e);
        }
    }

    /** Whether cached bytes that match their digest are the entry asked for: null when they are, else why not. */
    @FunctionalInterface
    interface Check {
        String problem(byte[] cached) throws IOException;
    }

    /**
     * An entry of the cache and what the cache did to get it.
     *
     * @param notice one line when a damaged entry was rebuilt (why), else null
     */
    record Stored(byte[] bytes, Path file, String sha256, boolean reused, String notice) {
    }

    /**
     * The entry under {@code key}: the cached file when it still has the SHA-256 and size recorded when it was written
     * and {@code check} accepts it, else {@code build}'s bytes, written atomically with their digest. Every rewritten
     * export of this folder is kept this way (position tables, RoPE interpolation).
     *
     * @throws ModelLoadException when the folder cannot be written, or a damaged entry cannot be replaced
     */
    Stored stored(String key, Check check, java.util.function.Supplier<byte[]> build) {
        Path file = folder.resolve(key);
        String damage = null;
        if (Files.isRegularFile(file)) {
            try {
                byte[] cached = Files.readAllBytes(file);
                String digest = sha256(cached);
                damage = damage(cached.length, digest, digestFile(file));
                if (damage == null) {
                    damage = check.problem(cached);
                    if (damage == null) {
                        return new Stored(cached, file, digest, true, null);
                    }
                }
            } catch (IOException | ModelLoadException e) {
                damage = "cannot be read as an extended export (" + reason(e) + ")";
            }
        }
        if (damage != null) {
            try {
                checkWritable();
            } catch (ModelLoadException e) {
                throw new ModelLoadException("the cached extended export " + file + " " + damage + ", and the cache cannot replace it: "
                        + e.getMessage() + "; delete the file or set reference.positions.cache to a writable folder");
            }
        }
        byte[] bytes = build.get();
        checkWritable();
        String digest = sha256(bytes);
        writeAtomically(file, bytes);
        // the digest is recorded after the entry: a crash between the two leaves an entry without one, rebuilt next time
        writeAtomically(digestFile(file), (digest + " " + bytes.length + "\n").getBytes(StandardCharsets.US_ASCII));
        String notice = damage == null ? null : "the cached extended export " + file + " " + damage + ": rebuilt";
        return new Stored(bytes, file, digest, false, notice);
    }

    /**
     * What is wrong with an entry of {@code size} bytes and SHA-256 {@code digest} against the digest recorded when it
     * was written, in words ({@code "is truncated: 1200 bytes of 4000 written"}); null when it is intact.
     */
    private static String damage(long size, String digest, Path digestFile) {
        String[] recorded;
        try {
            recorded = Files.readString(digestFile, StandardCharsets.US_ASCII).trim().split(" ");
        } catch (IOException e) {
            return "has no recorded SHA-256 (" + digestFile.getFileName() + " is missing or unreadable), so it cannot be trusted";
        }
        if (recorded.length != 2 || !recorded[0].matches("[0-9a-f]{64}") || !recorded[1].matches("[0-9]{1,18}")) {
            return "has a damaged digest file " + digestFile.getFileName() + ", so it cannot be trusted";
        }
        long written = Long.parseLong(recorded[1]);
        if (size < written) {
            return "is truncated (" + size + " bytes of the " + written + " written)";
        }
        if (size > written) {
            return "has grown (" + size + " bytes, " + written + " written)";
        }
        if (!digest.equals(recorded[0])) {
            return "was changed since it was written (SHA-256 " + recorded[0].substring(0, 12) + "... then, " + digest.substring(0, 12) + "... now)";
        }
        return null;
    }

    /** Writes through {@link AtomicFile}: never a half-written file under a key. */
    private void writeAtomically(Path file, byte[] bytes) {
        try {
            AtomicFile.write(file, bytes);
        } catch (IOException e) {
            throw new ModelLoadException("cannot write the extended export to " + file + " (" + reason(e) + ")", e);
        }
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
