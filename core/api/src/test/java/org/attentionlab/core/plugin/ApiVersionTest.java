package org.attentionlab.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ApiVersionTest {

    @Test
    void currentIsTheMavenVersionOfCoreApi() throws Exception {
        // the parent pom's version, read independently of ApiVersion's resource
        String pom = java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<parent>.*?<version>([^<]+)</version>", java.util.regex.Pattern.DOTALL).matcher(pom);
        m.find();
        assertEquals(m.group(1), ApiVersion.current().text());
        try (InputStream in = ApiVersion.class.getResourceAsStream("plugin-api.properties")) {
            Properties p = new Properties();
            p.load(in);
            assertEquals(m.group(1), p.getProperty("version"));
        }
    }

    @Test
    void parsesSemanticVersionsAndIgnoresTheQualifierForItsNumbers() {
        assertEquals(new ApiVersion("0.1.0-SNAPSHOT", 0, 1, 0), ApiVersion.parse("0.1.0-SNAPSHOT"));
        assertEquals(new ApiVersion("12.3.45", 12, 3, 45), ApiVersion.parse(" 12.3.45 "));
        assertNull(ApiVersion.parse("1.2"));
        assertNull(ApiVersion.parse("one"));
        assertNull(ApiVersion.parse(null));
        assertEquals("0.1", ApiVersion.parse("0.1.7").line());
        assertEquals("2", ApiVersion.parse("2.5.0").line());
    }

    @Test
    void aPluginLoadsOnItsLineWithNoNewerAdditions() {
        ApiVersion core = ApiVersion.parse("0.1.2");
        assertNull(core.refusal(ApiVersion.parse("0.1.0")));
        assertNull(core.refusal(ApiVersion.parse("0.1.2-SNAPSHOT")));
        assertEquals("was built against plugin API 0.1.3, newer than this attnlab's plugin API 0.1.2 (use an attnlab of at least"
                + " 0.1.3, or rebuild the plugin against core-api 0.1.2)", core.refusal(ApiVersion.parse("0.1.3")));
        assertEquals("was built against plugin API 0.2.0, but this attnlab provides plugin API 0.1.2 (another release line:"
                + " rebuild the plugin against core-api 0.1.2)", core.refusal(ApiVersion.parse("0.2.0")));
        ApiVersion one = ApiVersion.parse("1.4.0");
        assertNull(one.refusal(ApiVersion.parse("1.0.9")));
        assertEquals("was built against plugin API 1.5.0, newer than this attnlab's plugin API 1.4.0 (use an attnlab of at least"
                + " 1.5.0, or rebuild the plugin against core-api 1.4.0)", one.refusal(ApiVersion.parse("1.5.0")));
        assertEquals("was built against plugin API 2.0.0, but this attnlab provides plugin API 1.4.0 (another release line:"
                + " rebuild the plugin against core-api 1.4.0)", one.refusal(ApiVersion.parse("2.0.0")));
    }
}
