package org.attentionlab.core.apidoc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.plugin.ExtensionPoint;
import org.junit.jupiter.api.Test;

/**
 * The stable plugin contract, as marked in the code, is the one ARCHITECTURE.md lists: every type marked
 * {@link ExtensionPoint} is public and has a row in the "Plugin contract" table, and every row names a
 * marked type.
 */
class ExtensionPointTest {

    @Test
    void theMarkIsDocumentedKeptAtRunTimeAndOnTypesOnly() {
        assertTrue(ExtensionPoint.class.isAnnotationPresent(Documented.class));
        assertEquals(RetentionPolicy.RUNTIME, ExtensionPoint.class.getAnnotation(Retention.class).value());
        assertArrayEquals(new ElementType[] {ElementType.TYPE}, ExtensionPoint.class.getAnnotation(Target.class).value());
        assertTrue(Attention.class.isAnnotationPresent(ExtensionPoint.class));
    }

    @Test
    void everyMarkedTypeIsPublicAndListedInArchitectureMd() throws Exception {
        Set<String> marked = new TreeSet<>();
        List<String> notPublic = new ArrayList<>();
        for (Class<?> type : apiTypes()) {
            if (type.isAnnotationPresent(ExtensionPoint.class)) {
                marked.add(type.getSimpleName());
                if (!Modifier.isPublic(type.getModifiers())) {
                    notPublic.add(type.getName());
                }
            }
        }
        assertEquals(List.of(), notPublic, "marked types that are not public");
        assertTrue(marked.size() >= 10, "marked types found: " + marked);
        assertEquals(marked, contractTable(), "ExtensionPoint types in the code vs. the Plugin contract table of ARCHITECTURE.md");
    }

    /** Every top-level and nested type compiled from core-api's main sources. */
    private static List<Class<?>> apiTypes() throws IOException, ClassNotFoundException {
        List<Class<?>> types = new ArrayList<>();
        Path root = ApiJavadocTest.sourceRoot();
        try (var files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
                Class<?> top = Class.forName(name, false, ExtensionPointTest.class.getClassLoader());
                types.add(top);
                types.addAll(List.of(top.getDeclaredClasses()));
            }
        }
        return types;
    }

    /** The type names in the first column of ARCHITECTURE.md's "Plugin contract" table. */
    private static Set<String> contractTable() throws IOException {
        Path doc = Path.of("../../ARCHITECTURE.md");
        if (!Files.exists(doc)) {
            doc = Path.of("ARCHITECTURE.md");
        }
        String text = Files.readString(doc);
        int start = text.indexOf("\n## Plugin contract");
        assertTrue(start >= 0, "ARCHITECTURE.md has no '## Plugin contract' section");
        int end = text.indexOf("\n## ", start + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        Set<String> names = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z]+)` \\|").matcher(section);
        while (row.find()) {
            names.add(row.group(1));
        }
        return names;
    }
}
