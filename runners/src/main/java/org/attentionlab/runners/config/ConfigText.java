package org.attentionlab.runners.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.attentionlab.core.model.InputFiles;

/**
 * Reads an experiment file's text. The size is checked before anything is read or parsed (the YAML
 * parser is quadratic on a huge scalar), and bytes that are not UTF-8 are reported with their line and
 * column rather than as a decoder's "Input length = 3".
 */
final class ConfigText {

    /** The largest experiment file accepted; real ones are a few hundred bytes. */
    static final long MAX_BYTES = 1 << 20;

    private ConfigText() {
    }

    static String read(Path file) {
        byte[] bytes;
        String problem = InputFiles.notRegular(file, "config file");
        if (problem != null) {
            throw new ConfigException(problem);
        }
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(file + ": the file is " + size + " bytes; an experiment file is at most " + MAX_BYTES + " bytes (1 MB)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return decode(bytes, file.toString());
    }

    /** The UTF-8 text of {@code bytes}; the first byte that is not UTF-8 is reported as {@code name:line:column}. */
    static String decode(byte[] bytes, String name) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            // The column counts characters, as the YAML parser's positions do.
            int column = new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8).length() + 1;
            throw new ConfigException(name + ":" + line + ":" + column + ": the file is not UTF-8 text (byte 0x"
                    + String.format("%02X", bytes[bad] & 0xff) + ")");
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }
}
