package org.attentionlab.core.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version of the plugin API, in semantic versioning: {@code MAJOR.MINOR.PATCH} with an optional
 * {@code -qualifier} (such as {@code -SNAPSHOT}) that compatibility ignores.
 *
 * <p>core-api provides one ({@link #current()}, also its jar's manifest attribute {@value #MANIFEST_ATTRIBUTE})
 * and a plugin jar declares, under the same manifest attribute, the one it was built against. A release line is
 * the major version, or the major and minor while the major is 0 (semantic versioning's "anything may change"
 * range, which this project narrows to "only between minor versions"); within a line, additions raise the next
 * number (minor, or patch while 0.x). A plugin loads when it was built against the same line and no newer
 * addition: see {@link #refusal}.
 *
 * @param text  the version as written, qualifier included
 * @param major the first number
 * @param minor the second number
 * @param patch the third number
 */
public record ApiVersion(String text, int major, int minor, int patch) {

    /** The manifest attribute that holds the plugin API version, in core-api's jar and in a plugin's. */
    public static final String MANIFEST_ATTRIBUTE = "Attnlab-Plugin-Api-Version";

    private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:[-+][0-9A-Za-z.+-]*)?");
    private static final String RESOURCE = "plugin-api.properties";
    private static final ApiVersion CURRENT = readCurrent();

    /**
     * Parses {@code MAJOR.MINOR.PATCH[-qualifier]}.
     *
     * @return the version, or null when {@code text} is not one
     */
    public static ApiVersion parse(String text) {
        Matcher m = text == null ? null : SEMVER.matcher(text.strip());
        if (m == null || !m.matches()) {
            return null;
        }
        return new ApiVersion(text.strip(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /** The plugin API version of this core-api: its Maven project version, filled in when it is built. */
    public static ApiVersion current() {
        return CURRENT;
    }

    /** The release line: {@code "2"} from 1.0 on, {@code "0.1"} while the major is 0. */
    public String line() {
        return major == 0 ? "0." + minor : Integer.toString(major);
    }

    /** The number that additions within the line raise: the minor, or the patch while the major is 0. */
    private int additions() {
        return major == 0 ? patch : minor;
    }

    /**
     * Why a plugin built against {@code builtAgainst} cannot run on this version, or null when it can: it needs
     * the same release line, and no addition newer than this version has.
     */
    public String refusal(ApiVersion builtAgainst) {
        if (!line().equals(builtAgainst.line())) {
            return "was built against plugin API " + builtAgainst.text + ", but this attnlab provides plugin API "
                    + text + " (another release line: rebuild the plugin against core-api " + text + ")";
        }
        if (builtAgainst.additions() > additions()) {
            return "was built against plugin API " + builtAgainst.text + ", newer than this attnlab's plugin API "
                    + text + " (use an attnlab of at least " + builtAgainst.text + ", or rebuild the plugin against core-api " + text + ")";
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }

    private static ApiVersion readCurrent() {
        try (InputStream in = ApiVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("core-api is missing its resource " + RESOURCE);
            }
            Properties p = new Properties();
            p.load(in);
            ApiVersion v = parse(p.getProperty("version"));
            if (v == null) {
                throw new IllegalStateException(RESOURCE + " holds no version: " + p.getProperty("version"));
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
