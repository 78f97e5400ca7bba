package org.attentionlab.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.attentionlab.core.testing.TinyBertOnnx;
import org.attentionlab.core.testing.TinyBertOnnx.PositionIds;
import org.attentionlab.core.testing.TinyBertOnnx.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache of rewritten exports: keyed by source hash, method and length; atomic; reused. */
class ExtendedExportCacheTest {

    @TempDir
    Path temp;

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesOnceUnderTheKeyAndReusesTheFile() throws Exception {
        byte[] source = TinyBertOnnx.build(Variant.fused().withPositionIds(PositionIds.INITIALIZER)).bytes();
        Path folder = temp.resolve("cache/extended");
        ExtendedExportCache cache = new ExtendedExportCache(folder);
        PositionExtension ext = new PositionExtension(PositionMethod.GROUP, 100);

        ExtendedExportCache.Entry first = cache.extended(source, "tiny", ext);
        String key = ExtendedExportCache.sha256(source) + "-group-100.onnx";
        assertEquals(List.of(key, key + ".sha256"), names(folder), "the file and its digest, no temp file left behind");
        assertEquals(folder.resolve(key), first.file());
        assertFalse(first.reused());
        assertEquals(64, first.table().rows());
        assertEquals(ExtendedExportCache.sha256(Files.readAllBytes(first.file())), first.sha256());

        long modified = Files.getLastModifiedTime(first.file()).toMillis();
        ExtendedExportCache.Entry second = new ExtendedExportCache(folder).extended(source, "tiny", ext);
        assertTrue(second.reused());
        assertEquals(64, second.table().rows());
        assertEquals(first.sha256(), second.sha256());
        assertArrayEquals(first.onnxBytes(), second.onnxBytes());
        assertEquals(modified, Files.getLastModifiedTime(second.file()).toMillis());

        // another method or length is another file
        cache.extended(source, "tiny", new PositionExtension(PositionMethod.COPY, 100));
        cache.extended(source, "tiny", new PositionExtension(PositionMethod.GROUP, 128));
        assertEquals(List.of(ExtendedExportCache.sha256(source) + "-copy-100.onnx", ExtendedExportCache.sha256(source) + "-copy-100.onnx.sha256",
                ExtendedExportCache.sha256(source) + "-group-100.onnx", ExtendedExportCache.sha256(source) + "-group-100.onnx.sha256",
                ExtendedExportCache.sha256(source) + "-group-128.onnx", ExtendedExportCache.sha256(source) + "-group-128.onnx.sha256"), names(folder));
    }

    @Test
    void aTruncatedEntryIsRebuiltWithANotice() throws Exception {
        byte[] source = TinyBertOnnx.build(Variant.fused()).bytes();
        ExtendedExportCache cache = new ExtendedExportCache(temp);
        ExtendedExportCache.Entry good = cache.extended(source, "tiny", new PositionExtension(PositionMethod.COPY, 100));
        assertNull(good.notice());
        int size = good.onnxBytes().length;
        Files.write(good.file(), java.util.Arrays.copyOf(good.onnxBytes(), size / 2)); // a copy cut short
        ExtendedExportCache.Entry rebuilt = cache.extended(source, "tiny", new PositionExtension(PositionMethod.COPY, 100));
        assertFalse(rebuilt.reused());
        assertEquals("the cached extended export " + good.file() + " is truncated (" + size / 2 + " bytes of the " + size + " written): rebuilt",
                rebuilt.notice());
        assertEquals(good.sha256(), rebuilt.sha256());
        assertEquals(good.sha256(), ExtendedExportCache.sha256(Files.readAllBytes(good.file())));
        assertNull(cache.extended(source, "tiny", new PositionExtension(PositionMethod.COPY, 100)).notice(), "intact again");
    }

    /** Issue 23, item 1: the same size, 4,000 floats overwritten in place: at 0f95926 this file was used without a word. */
    @Test
    void anEntryChangedInPlaceIsNeverUsedButRebuiltWithANotice() throws Exception {
        byte[] source = TinyBertOnnx.build(Variant.fused().withPositionIds(PositionIds.INITIALIZER)).bytes();
        ExtendedExportCache cache = new ExtendedExportCache(temp);
        PositionExtension ext = new PositionExtension(PositionMethod.COPY, 100);
        ExtendedExportCache.Entry good = cache.extended(source, "tiny", ext);
        assertEquals(good.sha256() + " " + good.onnxBytes().length + "\n",
                Files.readString(good.file().resolveSibling(good.file().getFileName() + ".sha256")), "recorded when written");
        byte[] corrupt = good.onnxBytes().clone();
        int at = corrupt.length / 2;
        java.util.Arrays.fill(corrupt, at, Math.min(corrupt.length, at + 16_000), (byte) 0x3f);
        Files.write(good.file(), corrupt);
        ExtendedExportCache.Entry rebuilt = cache.extended(source, "tiny", ext);
        assertFalse(rebuilt.reused());
        assertEquals("the cached extended export " + good.file() + " was changed since it was written (SHA-256 "
                + good.sha256().substring(0, 12) + "... then, " + ExtendedExportCache.sha256(corrupt).substring(0, 12) + "... now): rebuilt",
                rebuilt.notice());
        assertArrayEquals(good.onnxBytes(), rebuilt.onnxBytes());
        assertArrayEquals(good.onnxBytes(), Files.readAllBytes(good.file()));
    }

    @Test
    void anEntryWithoutItsDigestIsRebuiltWithANotice() throws Exception {
        byte[] source = TinyBertOnnx.build(Variant.fused()).bytes();
        ExtendedExportCache cache = new ExtendedExportCache(temp);
        PositionExtension ext = new PositionExtension(PositionMethod.GROUP, 100);
        ExtendedExportCache.Entry good = cache.extended(source, "tiny", ext);
        Files.delete(good.file().resolveSibling(good.file().getFileName() + ".sha256")); // as an older attnlab left it
        ExtendedExportCache.Entry rebuilt = cache.extended(source, "tiny", ext);
        assertEquals("the cached extended export " + good.file() + " has no recorded SHA-256 (" + good.file().getFileName()
                + ".sha256 is missing or unreadable), so it cannot be trusted: rebuilt", rebuilt.notice());
        assertTrue(cache.extended(source, "tiny", ext).reused());
    }

    /**
     * A damaged entry in a cache that cannot be written is refused in one line: never run, never silently kept. The
     * folder is made immutable with chattr (root ignores permission bits), else read-only by its permissions.
     */
    @Test
    void aDamagedEntryInAReadOnlyCacheIsRefusedInOneLine() throws Exception {
        byte[] source = TinyBertOnnx.build(Variant.fused()).bytes();
        Path folder = Files.createDirectories(temp.resolve("ro"));
        ExtendedExportCache cache = new ExtendedExportCache(folder);
        PositionExtension ext = new PositionExtension(PositionMethod.COPY, 100);
        ExtendedExportCache.Entry good = cache.extended(source, "tiny", ext);
        Files.write(good.file(), java.util.Arrays.copyOf(good.onnxBytes(), 10));
        boolean immutable = readOnly(folder);
        try {
            org.junit.jupiter.api.Assumptions.assumeTrue(immutable, "no way to make a folder read-only here");
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> cache.extended(source, "tiny", ext));
            assertTrue(e.getMessage().startsWith("the cached extended export " + good.file() + " is truncated (10 bytes of the "
                    + good.onnxBytes().length + " written), and the cache cannot replace it: the positions cache folder " + folder
                    + " cannot be written ("), e.getMessage());
            assertTrue(e.getMessage().endsWith("; delete the file or set reference.positions.cache to a writable folder"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        } finally {
            writable(folder);
        }
    }

    private static boolean readOnly(Path folder) throws Exception {
        boolean chattr;
        try {
            chattr = new ProcessBuilder("chattr", "+i", folder.toString()).redirectErrorStream(true).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            chattr = false;
        }
        if (!chattr) {
            folder.toFile().setWritable(false, false);
        }
        try {
            Files.delete(Files.createTempFile(folder, "probe", ".tmp"));
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static void writable(Path folder) throws Exception {
        try {
            new ProcessBuilder("chattr", "-i", folder.toString()).redirectErrorStream(true).start().waitFor();
        } catch (java.io.IOException e) {
            // no chattr: the permission bits were used
        }
        folder.toFile().setWritable(true, false);
    }

    @Test
    void aFolderThatCannotBeWrittenIsOneLine() throws Exception {
        Path notAFolder = Files.writeString(temp.resolve("a-file"), "x");
        ExtendedExportCache cache = new ExtendedExportCache(notAFolder.resolve("extended"));
        ModelLoadException e = assertThrows(ModelLoadException.class, cache::checkWritable);
        assertTrue(e.getMessage().startsWith("the positions cache folder " + notAFolder.resolve("extended") + " cannot be written ("),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void modelSourceRunsTheExtendedExport() {
        ModelSource extended = ModelSource.builtIn("all-minilm-l6-v2").withPositions(new PositionExtension(PositionMethod.COPY, 1024), temp);
        assertEquals(1024, extended.weights().config().maxPositions());
        ExtendedPositions p = extended.positions();
        assertEquals(512, p.sourceRows());
        assertEquals(1024, p.extendTo());
        assertEquals(PositionMethod.COPY, p.method());
        assertEquals(ExtendedExportCache.sha256(extended.onnxBytes()), p.cachedSha256());
        assertTrue(p.cachedFile().startsWith(temp));
    }
}
