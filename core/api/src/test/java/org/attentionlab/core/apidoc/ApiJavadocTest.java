package org.attentionlab.core.apidoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.doctree.DocTree;
import com.sun.source.doctree.ParamTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import java.net.URI;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The javadoc rule of the plugin API, enforced on core-api's sources: every public (or protected, for
 * subclassing) type, constructor, method and field has a doc comment with a description, every record's
 * comment documents each component with {@code @param}, and every package has a {@code package-info.java}.
 * javac's doclint cannot be scoped to leave two files out, so this test parses the sources with the
 * compiler's tree API instead. Overrides inherit their doc and are skipped.
 */
class ApiJavadocTest {

    /** Files left out of the rule: none (the attention kernels landed documented). */
    private static final Set<String> EXCLUDED = Set.of();

    static Path sourceRoot() {
        Path fromModule = Path.of("src/main/java");
        return Files.isDirectory(fromModule) ? fromModule : Path.of("core/api/src/main/java");
    }

    static List<Path> sources() throws IOException {
        try (Stream<Path> walk = Files.walk(sourceRoot())) {
            return walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !EXCLUDED.contains(p.getFileName().toString()))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void everyPublicMemberOfCoreApiHasJavadoc() throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
            assertEquals(List.of(), missingDocs(files.getJavaFileObjectsFromPaths(sources())),
                    "public API without javadoc (say what it promises: units, shapes, layout, threads, what it throws)");
        }
    }

    @Test
    void theRuleFlagsEachKindOfGap() throws IOException {
        String source = """
                package p;
                /** Documented. */
                public final class Probe {
                    /** Documented. */
                    public static final int DONE = 1;
                    public static final int BARE = 2;
                    /** @param x no description */
                    public Probe(int x) { }
                    public void bare() { }
                    void packagePrivate() { }
                    private void hidden() { }
                    @Override public String toString() { return ""; }
                    /** Documented. */
                    public void done() { }
                    /** Only one component documented.
                     * @param a the first */
                    public record Pair(int a, int b) { }
                    public interface Hidden { void m(); }
                    private static final class Inner { public void notApi() { } }
                }
                """;
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///p/Probe.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        assertEquals(List.of("Probe.java:6 BARE", "Probe.java:8 constructor", "Probe.java:9 bare",
                        "Probe.java:17 record component b has no @param", "Probe.java:18 Hidden", "Probe.java:18 m"),
                missingDocs(List.of(file)));
    }

    /** One line ({@code File.java:line name}) per exported declaration of {@code sources} without a described doc comment. */
    static List<String> missingDocs(Iterable<? extends JavaFileObject> sources) throws IOException {
        List<String> missing = new ArrayList<>();
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        JavacTask task = (JavacTask) compiler.getTask(null, null, null, List.of("-proc:none"), null, sources);
        DocTrees docs = DocTrees.instance(task);
        for (CompilationUnitTree unit : task.parse()) {
            new MissingDocScanner(docs, unit, missing).scan(unit, null);
        }
        return missing;
    }

    @Test
    void everyPackageOfCoreApiHasADocumentedPackageInfo() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(sourceRoot())) {
            for (Path dir : dirs.filter(Files::isDirectory).collect(Collectors.toList())) {
                boolean hasClasses;
                try (Stream<Path> list = Files.list(dir)) {
                    hasClasses = list.anyMatch(p -> p.toString().endsWith(".java"));
                }
                Path info = dir.resolve("package-info.java");
                if (hasClasses && (!Files.exists(info) || !Files.readString(info).contains("/**"))) {
                    missing.add(sourceRoot().relativize(dir).toString());
                }
            }
        }
        assertEquals(List.of(), missing, "packages without a documented package-info.java");
    }

    /** Collects a line for every exported declaration without a doc comment. */
    private static final class MissingDocScanner extends TreePathScanner<Void, Void> {
        private final DocTrees docs;
        private final CompilationUnitTree unit;
        private final List<String> missing;

        MissingDocScanner(DocTrees docs, CompilationUnitTree unit, List<String> missing) {
            this.docs = docs;
            this.unit = unit;
            this.missing = missing;
        }

        @Override
        public Void visitClass(ClassTree node, Void unused) {
            if (!exported(getCurrentPath())) {
                return null; // nothing inside a hidden type is API
            }
            DocCommentTree doc = describedDoc(getCurrentPath(), node.getSimpleName().toString());
            if (doc != null && node.getKind() == Tree.Kind.RECORD) {
                Set<String> documented = doc.getBlockTags().stream()
                        .filter(t -> t.getKind() == DocTree.Kind.PARAM)
                        .map(t -> ((ParamTree) t).getName().getName().toString())
                        .collect(Collectors.toSet());
                for (Tree member : node.getMembers()) {
                    if (member instanceof VariableTree v && !v.getModifiers().getFlags().contains(Modifier.STATIC)
                            && !documented.contains(v.getName().toString())) {
                        missing.add(where(node) + " record component " + v.getName() + " has no @param");
                    }
                }
            }
            return super.visitClass(node, unused);
        }

        @Override
        public Void visitMethod(MethodTree node, Void unused) {
            boolean override = node.getModifiers().getAnnotations().stream()
                    .anyMatch(a -> a.getAnnotationType().toString().endsWith("Override"));
            if (!override && exported(getCurrentPath())) {
                String name = node.getName().contentEquals("<init>") ? "constructor" : node.getName().toString();
                describedDoc(getCurrentPath(), name);
            }
            return null;
        }

        @Override
        public Void visitVariable(VariableTree node, Void unused) {
            Tree parent = getCurrentPath().getParentPath().getLeaf();
            boolean recordComponent = parent.getKind() == Tree.Kind.RECORD
                    && !node.getModifiers().getFlags().contains(Modifier.STATIC);
            if (parent instanceof ClassTree && !recordComponent && exported(getCurrentPath())) {
                describedDoc(getCurrentPath(), node.getName().toString());
            }
            return null;
        }

        /** The doc comment at {@code path} when it has a description; otherwise records the gap and returns null. */
        private DocCommentTree describedDoc(TreePath path, String name) {
            DocCommentTree doc = docs.getDocCommentTree(path);
            if (doc == null || doc.getFullBody().isEmpty()) {
                missing.add(where(path.getLeaf()) + " " + name);
                return null;
            }
            return doc;
        }

        private String where(Tree node) {
            long line = unit.getLineMap().getLineNumber(docs.getSourcePositions().getStartPosition(unit, node));
            String path = unit.getSourceFile().toUri().getPath();
            return path.substring(path.lastIndexOf('/') + 1) + ":" + line;
        }

        /** Visible to a plugin: public or protected (or implicitly public in an interface), in visible types. */
        private static boolean exported(TreePath path) {
            for (TreePath p = path; p != null && p.getLeaf() instanceof Tree && !(p.getLeaf() instanceof CompilationUnitTree); p = p.getParentPath()) {
                Tree leaf = p.getLeaf();
                ModifiersTree modifiers;
                if (leaf instanceof ClassTree c) {
                    modifiers = c.getModifiers();
                } else if (leaf instanceof MethodTree m) {
                    modifiers = m.getModifiers();
                } else if (leaf instanceof VariableTree v) {
                    modifiers = v.getModifiers();
                } else {
                    return false; // inside a method body or initializer
                }
                Tree owner = p.getParentPath().getLeaf();
                boolean inInterface = owner.getKind() == Tree.Kind.INTERFACE || owner.getKind() == Tree.Kind.ANNOTATION_TYPE;
                boolean enumConstant = owner.getKind() == Tree.Kind.ENUM && leaf instanceof VariableTree
                        && modifiers.getFlags().isEmpty();
                Set<Modifier> flags = modifiers.getFlags();
                boolean visible = flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED) || enumConstant
                        || (inInterface && !flags.contains(Modifier.PRIVATE));
                if (!visible) {
                    return false;
                }
            }
            return true;
        }
    }

    @Test
    void theScannerSeesTheWholeModule() throws IOException {
        // guards against a wrong source root making the rule pass on nothing
        assertTrue(sources().size() >= 20, "core-api sources found: " + sources().size());
    }
}
