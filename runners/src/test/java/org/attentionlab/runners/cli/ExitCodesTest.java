package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.core.model.ModelLoadException;
import org.attentionlab.core.plugin.InvalidParamsException;
import org.attentionlab.core.plugin.PluginLoadException;
import org.attentionlab.core.plugin.UnknownVariantException;
import org.attentionlab.core.text.CorpusException;
import org.attentionlab.runners.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** One user-facing error type, whatever layer throws it: one line on stderr and its exit code; anything else is a bug. */
class ExitCodesTest {

    private static String[] handle(Exception e) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(CommandLine.Model.CommandSpec.create());
        cli.setErr(new PrintWriter(err, true));
        int code = new ExitCodes.Handler().handleExecutionException(e, cli, null);
        return new String[] {Integer.toString(code), err.toString()};
    }

    static Stream<Arguments> everyLayersUserError() {
        return Stream.of(
                Arguments.of("config", new ConfigException("a.yaml:3:1: 'kind' must be one of model, kernel, got 'x'")),
                Arguments.of("plugin params", new InvalidParamsException("window", "parameter 'window' of sliding-window must be integer >= 1, got -3")),
                Arguments.of("plugin name", new UnknownVariantException("unknown variant 'flash'")),
                Arguments.of("plugin loading", new PluginLoadException("two plugins claim the name 'full'")),
                Arguments.of("model", new ModelLoadException("not a BERT export: x.onnx")),
                Arguments.of("corpus", new CorpusException("corpus c.txt has no tokens")),
                Arguments.of("runners", new UserFacingException("not a run folder: /tmp/x")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyLayersUserError")
    void aUserErrorFromAnyLayerIsOneLineAndExitTwo(String layer, UserFacingException e) {
        String[] result = handle(e);
        assertEquals(Integer.toString(ExitCodes.BAD_INPUT), result[0]);
        assertEquals("error: " + e.getMessage() + System.lineSeparator(), result[1]);
    }

    @Test
    void aMultiLineMessageIsPrintedOnOneLine() {
        assertEquals("error: first second" + System.lineSeparator(), handle(new UserFacingException("first\nsecond"))[1]);
    }

    /** A user error may carry its own exit code; the handler uses it, not a fixed 2. */
    @Test
    void theErrorsOwnExitCodeIsTheProcesss() {
        class Regression extends UserFacingException {
            Regression() {
                super("3 cells regressed", null, ExitCodes.PROBLEM_FOUND);
            }
        }
        String[] result = handle(new Regression());
        assertEquals("1", result[0]);
        assertEquals("error: 3 cells regressed" + System.lineSeparator(), result[1]);
    }

    @Test
    void anythingElseIsAnUnexpectedFailure() {
        String[] result = handle(new IllegalStateException("bug"));
        assertEquals(Integer.toString(ExitCodes.INTERNAL), result[0]);
        assertTrue(result[1].startsWith("error: unexpected failure: java.lang.IllegalStateException: bug"), result[1]);
    }
}
