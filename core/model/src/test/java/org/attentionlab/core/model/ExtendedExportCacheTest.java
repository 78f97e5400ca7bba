package org.attentionlab.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertEquals(List.of(key), names(folder), "one file, no temp file left behind");
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
        assertEquals(List.of(ExtendedExportCache.sha256(source) + "-copy-100.onnx", ExtendedExportCache.sha256(source) + "-group-100.onnx",
                ExtendedExportCache.sha256(source) + "-group-128.onnx"), names(folder));
    }

    @Test
    void aDamagedCachedFileIsRebuilt() throws Exception {
        byte[] source = TinyBertOnnx.build(Variant.fused()).bytes();
        ExtendedExportCache cache = new ExtendedExportCache(temp);
        ExtendedExportCache.Entry good = cache.extended(source, "tiny", new PositionExtension(PositionMethod.COPY, 100));
        Files.write(good.file(), new byte[] {1, 2, 3});
        ExtendedExportCache.Entry rebuilt = cache.extended(source, "tiny", new PositionExtension(PositionMethod.COPY, 100));
        assertFalse(rebuilt.reused());
        assertEquals(good.sha256(), rebuilt.sha256());
        assertEquals(good.sha256(), ExtendedExportCache.sha256(Files.readAllBytes(good.file())));
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
