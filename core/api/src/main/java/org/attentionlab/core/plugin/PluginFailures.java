package org.attentionlab.core.plugin;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;

/** Turns what a broken plugin throws while it loads into one line for the user. */
final class PluginFailures {

    private PluginFailures() {
    }

    /**
     * "class a.b.C is missing (...)" when a class could not be found anywhere in the chain (a library the plugin
     * needs is not beside it), else the first line of the root exception as Java prints it ("java.lang.X: why").
     */
    static String describe(Throwable thrown) {
        String missing = missingClass(thrown);
        if (missing != null) {
            return "class " + missing + " is missing (a library the plugin needs is neither beside it in its folder nor shaded into its jar)";
        }
        Throwable root = root(thrown);
        return firstLine(root.toString());
    }

    /** The class that could not be found, in Java's dotted form, or null. */
    static String missingClass(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = next(t)) {
            if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
                String name = t.getMessage() == null ? "?" : t.getMessage();
                return name.replace('/', '.');
            }
            if (t instanceof TypeNotPresentException type) {
                return type.typeName();
            }
        }
        return null;
    }

    /** The exception that started it: through Guice's and ServiceLoader's wrappers to the plugin's own. */
    private static Throwable root(Throwable thrown) {
        Throwable t = thrown;
        for (Throwable cause = next(t); cause != null; cause = next(t)) {
            t = cause;
        }
        return t;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof CreationException c && c.getCause() == null) {
            return c.getErrorMessages().stream().map(Message::getCause).filter(x -> x != null).findFirst().orElse(null);
        }
        if (t instanceof ProvisionException p && p.getCause() == null) {
            return p.getErrorMessages().stream().map(Message::getCause).filter(x -> x != null).findFirst().orElse(null);
        }
        return t.getCause() == t ? null : t.getCause();
    }

    static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse(text);
    }
}
