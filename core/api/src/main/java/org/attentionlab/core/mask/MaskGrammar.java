package org.attentionlab.core.mask;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads mask and score expressions. Masks:
 * <pre>
 *   mask    := and ('|' and)*
 *   and     := unary ('&amp;' unary)*
 *   unary   := '!' unary | primary
 *   primary := '(' mask ')' | name [ '(' integer (',' integer)* ')' ]
 * </pre>
 * with the primitives {@code all, causal, window(w), sinks(k), global(k), prefix(k), dilated(w, d),
 * bigbird(block, windowBlocks, globalBlocks, randomBlocks, seed)}. Scores: modifiers separated by commas,
 * applied left to right: {@code alibi, softcap(c), temperature(t)}. Errors are {@link MaskSyntaxException}s
 * pointing at the offending character. Stateless and thread-safe.
 */
public final class MaskGrammar {

    /** The grammar with examples, as {@code attnlab plugins} prints it. */
    public static final String HELP = String.join("\n",
            "Mask and score expressions (plugin 'masked', params 'mask' and 'score'):",
            "  mask primitives: all | causal | window(w): |i-j| <= w | sinks(k): the first k keys, seen by all",
            "    | global(k): the first k tokens see and are seen by all | prefix(k): prefix-LM, j < k or j <= i",
            "    | dilated(w, d): |i-j| <= w and |i-j| a multiple of d",
            "    | bigbird(block, windowBlocks, globalBlocks, randomBlocks, seed): BigBird blocks (windowBlocks odd)",
            "  combinators: a | b (either), a & b (both), !a (not), parentheses; & binds tighter than |",
            "  score modifiers, comma-separated, applied left to right to the logit q.k/sqrt(d):",
            "    alibi: minus slope_h * |i-j| (Press et al. 2022) | softcap(c): c * tanh(s / c) | temperature(t): s / t",
            "  a causal input is always intersected with j <= i; padded keys never get weight",
            "  examples:",
            "    - { name: masked, label: w128-sinks, params: { mask: \"window(128) | sinks(4)\", score: \"softcap(30)\" } }",
            "    - { name: masked, label: longformer, params: { mask: \"window(64) | global(1)\" } }",
            "    - { name: masked, label: dilated, params: { mask: \"window(16) | dilated(128, 8)\" } }",
            "    - { name: masked, label: bigbird, params: { mask: \"bigbird(32, 3, 1, 1, 0)\" } }",
            "    - { name: masked, label: alibi-w256, params: { mask: \"window(256)\", score: \"alibi\" } }",
            "    - { name: masked, label: not-far, params: { mask: \"!(window(512) & !window(64)) | sinks(1)\" } }",
            "");

    private static final String PRIMITIVES = "all, causal, window(w), sinks(k), global(k), prefix(k), dilated(w, d), "
            + "bigbird(block, windowBlocks, globalBlocks, randomBlocks, seed)";
    private static final String MODIFIERS = "alibi, softcap(c), temperature(t)";
    /** Below this, logit / t overflows float for logits above 3.4e8 (and far sooner as t shrinks). */
    private static final double MIN_TEMPERATURE = 1e-30;

    /**
     * The deepest nesting of {@code (} and {@code !} an expression may have, and the most primitives, operators
     * and score modifiers it may hold: a mask is a tree evaluated by recursion, so an expression 100,000 deep
     * would overflow the stack. Real masks use a handful of each.
     */
    public static final int MAX_DEPTH = 64;
    /** The most primitives, operators and score modifiers one expression may hold (see {@link #MAX_DEPTH}). */
    public static final int MAX_TERMS = 1024;

    private MaskGrammar() {
    }

    /**
     * The mask an expression denotes.
     *
     * @param param the parameter it came from, named in errors
     * @throws MaskSyntaxException on an unknown primitive, a wrong arity, a size below 1, or bad syntax
     */
    public static Mask parseMask(String param, String expression) {
        Parser p = new Parser(param, expression);
        p.skipSpace();
        if (p.atEnd()) {
            throw p.error(0, "empty expression; known primitives: " + PRIMITIVES);
        }
        Mask mask = p.or();
        p.skipSpace();
        if (!p.atEnd()) {
            throw p.error(p.pos, "unexpected '" + p.text.charAt(p.pos) + "', expected '|', '&' or the end");
        }
        return mask;
    }

    /**
     * The score modifier a comma-separated list denotes; null for an empty or blank list.
     *
     * @throws MaskSyntaxException on an unknown modifier, a wrong arity, a value not above 0, or bad syntax
     */
    public static ScoreModifier parseScore(String param, String expression) {
        Parser p = new Parser(param, expression);
        p.skipSpace();
        if (p.atEnd()) {
            return null;
        }
        ScoreModifier result = null;
        while (true) {
            ScoreModifier next = p.modifier();
            result = result == null ? next : result.andThen(next);
            p.skipSpace();
            if (p.atEnd()) {
                return result;
            }
            if (p.text.charAt(p.pos) != ',') {
                throw p.error(p.pos, "unexpected '" + p.text.charAt(p.pos) + "', expected ',' or the end");
            }
            p.pos++;
        }
    }

    /** A number as the grammar writes it: {@code 30} rather than {@code 30.0}. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** Recursive descent over one expression; {@code pos} is the next unread character. */
    private static final class Parser {
        final String param;
        final String text;
        int pos;
        int depth;
        int terms;

        Parser(String param, String text) {
            this.param = param;
            this.text = text;
        }

        MaskSyntaxException error(int at, String problem) {
            return new MaskSyntaxException(param, text, Math.min(at, text.length()), problem);
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        void skipSpace() {
            while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        boolean accept(char c) {
            skipSpace();
            if (!atEnd() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        /** Counts one more primitive, operator or modifier at {@code at}; past {@link #MAX_TERMS}, an error. */
        void term(int at) {
            if (++terms > MAX_TERMS) {
                throw error(at, "more than " + MAX_TERMS + " primitives, operators and modifiers in one expression");
            }
        }

        /** One level deeper at {@code at}; past {@link #MAX_DEPTH}, an error. */
        void deeper(int at) {
            if (++depth > MAX_DEPTH) {
                throw error(at, "nested deeper than " + MAX_DEPTH + " levels of '(' and '!'");
            }
        }

        Mask or() {
            Mask left = and();
            while (accept('|')) {
                term(pos - 1);
                left = left.or(and());
            }
            return left;
        }

        Mask and() {
            Mask left = unary();
            while (accept('&')) {
                term(pos - 1);
                left = left.and(unary());
            }
            return left;
        }

        Mask unary() {
            if (accept('!')) {
                term(pos - 1);
                deeper(pos - 1);
                Mask negated = unary().not();
                depth--;
                return negated;
            }
            skipSpace();
            if (accept('(')) {
                int open = pos - 1;
                deeper(open);
                Mask inner = or();
                if (!accept(')')) {
                    throw error(atEnd() ? open : pos, atEnd() ? "'(' is never closed" : "expected ')'");
                }
                depth--;
                return inner;
            }
            term(pos);
            return primitive();
        }

        String name() {
            skipSpace();
            int start = pos;
            while (!atEnd() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return text.substring(start, pos);
        }

        /** The arguments in parentheses, if any; each entry is {value, offset}. */
        List<double[]> arguments() {
            List<double[]> args = new ArrayList<>();
            if (!accept('(')) {
                return args;
            }
            int open = pos - 1;
            do {
                skipSpace();
                int start = pos;
                while (!atEnd() && (Character.isDigit(text.charAt(pos)) || "+-.eE".indexOf(text.charAt(pos)) >= 0)) {
                    pos++;
                }
                String token = text.substring(start, pos);
                if (token.isEmpty()) {
                    throw error(start, atEnd() ? "'(' is never closed" : "expected a number, found '" + text.charAt(start) + "'");
                }
                try {
                    args.add(new double[]{Double.parseDouble(token), start});
                } catch (NumberFormatException e) {
                    throw error(start, "'" + token + "' is not a number");
                }
            } while (accept(','));
            if (!accept(')')) {
                throw error(atEnd() ? open : pos, atEnd() ? "'(' is never closed" : "expected ',' or ')'");
            }
            return args;
        }

        Mask primitive() {
            int start = pos;
            String name = name().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw error(start, atEnd() ? "expression ends where a primitive is expected; known: " + PRIMITIVES
                        : "unexpected '" + text.charAt(start) + "', expected a primitive; known: " + PRIMITIVES);
            }
            List<double[]> args = arguments();
            return switch (name) {
                case "all" -> {
                    arity(name, start, args, 0, "all");
                    yield Masks.all();
                }
                case "causal" -> {
                    arity(name, start, args, 0, "causal");
                    yield Masks.causal();
                }
                case "window" -> Masks.window(size(name, start, args, 1, "window(w)")[0]);
                case "sinks" -> Masks.sinks(size(name, start, args, 1, "sinks(k)")[0]);
                case "global" -> Masks.global(size(name, start, args, 1, "global(k)")[0]);
                case "prefix" -> Masks.prefix(size(name, start, args, 1, "prefix(k)")[0]);
                case "dilated" -> {
                    int[] v = size(name, start, args, 2, "dilated(w, d)");
                    yield Masks.dilated(v[0], v[1]);
                }
                case "bigbird" -> bigbird(start, args);
                default -> throw error(start, "unknown primitive '" + name + "'; known: " + PRIMITIVES);
            };
        }

        Mask bigbird(int start, List<double[]> args) {
            arity("bigbird", start, args, 5, "bigbird(block, windowBlocks, globalBlocks, randomBlocks, seed)");
            int[] v = new int[5];
            for (int a = 0; a < 5; a++) {
                v[a] = integer("bigbird", args.get(a), a < 2 ? 1 : 0);
            }
            if (v[1] % 2 == 0) {
                throw error((int) args.get(1)[1], "bigbird's windowBlocks must be odd (centred on the query's block), got " + v[1]);
            }
            return new BigBird(v[0], v[1], v[2], v[3], v[4]);
        }

        void arity(String name, int start, List<double[]> args, int expected, String usage) {
            if (args.size() != expected) {
                throw error(start, name + " takes " + expected + " argument" + (expected == 1 ? "" : "s")
                        + ", got " + args.size() + ": " + usage);
            }
        }

        int[] size(String name, int start, List<double[]> args, int expected, String usage) {
            arity(name, start, args, expected, usage);
            int[] values = new int[expected];
            for (int a = 0; a < expected; a++) {
                values[a] = integer(name, args.get(a), 1);
            }
            return values;
        }

        int integer(String name, double[] arg, int min) {
            double value = arg[0];
            if (value != Math.rint(value)) {
                throw error((int) arg[1], name + " takes whole numbers, got " + number(value));
            }
            if (value > Integer.MAX_VALUE) {
                // a whole number still: say what is wrong with it, not that it is not one
                throw error((int) arg[1], name + "'s sizes must be <= " + Integer.MAX_VALUE + ", got " + number(value));
            }
            if (value < min) {
                throw error((int) arg[1], name + "'s sizes must be >= " + min + ", got " + number(value));
            }
            return (int) value;
        }

        ScoreModifier modifier() {
            int start = pos;
            skipSpace();
            start = pos;
            term(start);
            String name = name().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw error(start, atEnd() ? "expression ends where a modifier is expected; known: " + MODIFIERS
                        : "unexpected '" + text.charAt(start) + "', expected a modifier; known: " + MODIFIERS);
            }
            List<double[]> args = arguments();
            return switch (name) {
                case "alibi" -> {
                    arity(name, start, args, 0, "alibi");
                    yield ScoreModifier.alibi();
                }
                case "softcap" -> ScoreModifier.softcap(positive(name, start, args, "softcap(c)"));
                case "temperature" -> ScoreModifier.temperature(positive(name, start, args, "temperature(t)"));
                default -> throw error(start, "unknown score modifier '" + name + "'; known: " + MODIFIERS);
            };
        }

        double positive(String name, int start, List<double[]> args, String usage) {
            arity(name, start, args, 1, usage);
            double value = args.get(0)[0];
            if (!(value > 0) || Double.isInfinite(value)) {
                throw error((int) args.get(0)[1], name + " takes a number > 0, got " + number(value));
            }
            // the logits are floats: a temperature that turns ordinary logits into infinities gives NaN weights
            if (name.equals("temperature") && value < MIN_TEMPERATURE) {
                throw error((int) args.get(0)[1], name + " takes a number >= 1e-30, got " + number(value) + ": logit / "
                        + number(value) + " overflows float (largest 3.4e38) for logits above "
                        + String.format(java.util.Locale.ROOT, "%.1e", value * Float.MAX_VALUE) + ", and softmax over infinities is NaN");
            }
            if ((float) value == 0f) {
                throw error((int) args.get(0)[1], name + " takes a number >= 1.4e-45 (the smallest float), got " + number(value));
            }
            if (value > Float.MAX_VALUE) {
                throw error((int) args.get(0)[1], name + " takes a number <= 3.4e38 (the largest float), got " + number(value));
            }
            return value;
        }
    }
}
