package org.attentionlab.core.mask;

import org.attentionlab.core.plugin.InvalidParamsException;

/**
 * A mask or score expression the grammar rejects. The message is one line: the parameter, the column,
 * what is wrong, then the expression with a caret {@code ^} in front of the offending position (the config
 * loader puts file:line:column of the parameter in front of it).
 */
public final class MaskSyntaxException extends InvalidParamsException {

    private final int column;

    /**
     * The one-line error for a fault at {@code offset} of {@code expression}.
     *
     * @param param      the parameter holding the expression ({@code mask} or {@code score})
     * @param expression the text as written
     * @param offset     0-based position of the fault in {@code expression}
     * @param problem    what is wrong, e.g. {@code unknown primitive 'windw'}
     */
    public MaskSyntaxException(String param, String expression, int offset, String problem) {
        super(param, param + " at column " + (offset + 1) + ": " + problem + ": " + excerpt(expression, offset));
        this.column = offset + 1;
    }

    /** Characters of the expression shown on each side of the caret; a longer side is cut short with "...". */
    static final int SHOWN = 60;

    /** The expression with a caret at {@code offset}, at most {@link #SHOWN} characters each side: the line stays readable. */
    private static String excerpt(String expression, int offset) {
        int from = Math.max(0, offset - SHOWN);
        int to = Math.min(expression.length(), offset + SHOWN);
        return (from > 0 ? "..." : "") + expression.substring(from, offset) + "^" + expression.substring(offset, to)
                + (to < expression.length() ? "..." : "");
    }

    /** 1-based column of the fault in the expression. */
    public int column() {
        return column;
    }
}
