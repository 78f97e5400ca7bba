package org.attentionlab.runners.tasks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.attentionlab.core.text.WordTokenizer;
import org.attentionlab.runners.config.TaskSpec;

/**
 * The synthetic tasks of LongEmbed (Zhu et al. 2024): each of {@code documents} candidate documents is n tokens of
 * corpus filler with one inserted statement, and each query asks for what one statement says.
 * <ul>
 *   <li>passkey: "{name}'s pass key is {key}. Remember it. {key} is the pass key of {name}." with a 5-digit key;
 *       the query "what is the pass key of {name}?";</li>
 *   <li>needle: a fact sentence about a city from {@link #FACTS}; the query is its question.</li>
 * </ul>
 * Document d holds the statement of query d at depth {@code depths[d % depths.size()]} percent: its first token
 * starts at that fraction of the filler, moved back to the start of a word, so that neither the statement nor
 * the word before it is split (the statement's ids are exactly its own tokenization, at every n). The statement
 * is never cut off: a size that cannot hold it is refused ({@link #statementTokens}). Names, keys, facts and the
 * corpus line each document's filler starts at come from {@code seed} alone, so the same seed gives the same
 * statements at every size. Filler is read word by word from the corpus lines, each word tokenized on its own,
 * which is how a WordPiece tokenizer splits running text (it splits at whitespace first).
 */
public final class Haystack {

    static final List<String> FIRST_NAMES = List.of("Amelia", "Bruno", "Clara", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ingrid",
            "Jonas", "Keiko", "Lars", "Marta", "Nikolai", "Olga", "Pablo", "Quentin", "Rosa", "Stefan", "Tamara");
    static final List<String> LAST_NAMES = List.of("Abbott", "Brennan", "Castillo", "Dufresne", "Eriksen", "Fontaine", "Gallagher",
            "Halvorsen", "Iglesias", "Jankowski", "Kowalczyk", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quinlan",
            "Rasmussen", "Salvatore", "Takahashi");
    static final List<String> CITIES = List.of("Lisbon", "Oslo", "Krakow", "Seville", "Tallinn", "Ghent", "Porto", "Bergen", "Zagreb",
            "Lyon", "Turin", "Gdansk", "Bruges", "Valencia", "Graz", "Riga", "Malmo", "Bilbao", "Utrecht", "Dresden", "Aarhus",
            "Ljubljana", "Salzburg", "Galway", "Tartu", "Bologna", "Brno", "Cork", "Leipzig", "Nantes", "Vilnius", "Granada",
            "Basel", "Toulouse", "Innsbruck", "Plovdiv", "Aberdeen", "Lucerne", "Verona", "Szeged", "Antwerp", "Cadiz",
            "Trondheim", "Bratislava", "Heidelberg", "Marseille", "Palermo", "Coimbra", "Uppsala", "Split");
    /** The needle facts: a sentence about a city with a placeholder for the answer, its question, and the answers. */
    static final List<String[]> FACTS = List.of(
            new String[] {"The best thing to do in %s is %s.", "What is the best thing to do in %s?"},
            new String[] {"The secret ingredient of the famous soup of %s is %s.", "What is the secret ingredient of the famous soup of %s?"},
            new String[] {"The oldest bridge in %s was built by %s.", "Who built the oldest bridge in %s?"},
            new String[] {"The lucky colour of the people of %s is %s.", "What is the lucky colour of the people of %s?"},
            new String[] {"The mayor of %s keeps a pet %s.", "What pet does the mayor of %s keep?"},
            new String[] {"The town hall clock of %s plays %s at noon.", "What does the town hall clock of %s play at noon?"},
            new String[] {"The first library of %s was founded by %s.", "Who founded the first library of %s?"},
            new String[] {"The annual festival of %s celebrates %s.", "What does the annual festival of %s celebrate?"});
    static final List<String> ANSWERS = List.of("eating a sandwich in the park on a sunny day", "smoked paprika", "a retired sea captain",
            "emerald green", "tortoise", "an old sailors' song", "two sisters who sold wool", "the return of the storks",
            "climbing the hill at dawn", "wild fennel", "a travelling glassmaker", "deep violet", "parrot", "a waltz",
            "a monk who collected maps", "the first snowfall");

    private Haystack() {
    }

    /** One inserted statement and the query that asks for it. */
    public record Statement(String text, String query) {
    }

    /**
     * The statements of a task, the same for every size: distinct names and keys (passkey) or distinct cities
     * (needle), drawn with {@code seed}.
     */
    public static List<Statement> statements(String task, int documents, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Statement> out = new ArrayList<>(documents);
        if (TaskSpec.PASSKEY.equals(task)) {
            List<Integer> people = shuffled(FIRST_NAMES.size() * LAST_NAMES.size(), random);
            java.util.Set<Integer> keys = new java.util.HashSet<>();
            for (int d = 0; d < documents; d++) {
                int p = people.get(d);
                String name = FIRST_NAMES.get(p % FIRST_NAMES.size()) + " " + LAST_NAMES.get(p / FIRST_NAMES.size());
                int key;
                do {
                    key = 10000 + random.nextInt(90000);
                } while (!keys.add(key));
                out.add(new Statement(name + "'s pass key is " + key + ". Remember it. " + key + " is the pass key of " + name + ".",
                        "what is the pass key of " + name + "?"));
            }
        } else {
            List<Integer> facts = shuffled(CITIES.size() * FACTS.size(), random);
            for (int d = 0; d < documents; d++) {
                int f = facts.get(d);
                String city = CITIES.get(f % CITIES.size());
                String[] fact = FACTS.get(f / CITIES.size());
                String answer = ANSWERS.get(random.nextInt(ANSWERS.size()));
                out.add(new Statement(String.format(java.util.Locale.ROOT, fact[0], city, answer), String.format(java.util.Locale.ROOT, fact[1], city)));
            }
        }
        return out;
    }

    private static List<Integer> shuffled(int count, SplittableRandom random) {
        List<Integer> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(i);
        }
        for (int i = count - 1; i > 0; i--) {
            java.util.Collections.swap(all, i, random.nextInt(i + 1));
        }
        return all;
    }

    /** The most tokens a statement of this task takes with the passage prefix, [CLS] and [SEP]: the smallest n that holds it. */
    public static int statementTokens(TaskSpec spec, WordTokenizer tokenizer, Prefixes prefixes) {
        int longest = 0;
        for (Statement s : statements(spec.task(), spec.documents(), spec.seed())) {
            longest = Math.max(longest, tokenizer.encodeWords(s.text()).length);
        }
        return longest + tokenizer.encodeWords(prefixes.passage()).length + 2;
    }

    /**
     * The task at size {@code n}; {@code lines} are the corpus the filler is read from.
     *
     * @throws TaskInputException when n cannot hold a statement
     */
    public static TaskSet generate(TaskSpec spec, int n, WordTokenizer tokenizer, List<String> lines, Prefixes prefixes) {
        List<Statement> statements = statements(spec.task(), spec.documents(), spec.seed());
        int[] prefix = tokenizer.encodeWords(prefixes.passage());
        Filler filler = new Filler(tokenizer, lines);
        SplittableRandom starts = new SplittableRandom(spec.seed() ^ 0x5DEECE66DL);
        List<String> ids = new ArrayList<>();
        List<int[]> docs = new ArrayList<>();
        List<int[]> queries = new ArrayList<>();
        List<Map<Integer, Integer>> relevant = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        for (int d = 0; d < statements.size(); d++) {
            int[] statement = tokenizer.encodeWords(statements.get(d).text());
            int fillerLength = n - 2 - prefix.length - statement.length;
            if (fillerLength < 0) {
                throw new TaskInputException("task " + spec.label() + ": context size " + n + " cannot hold its statement of "
                        + statement.length + " tokens (with [CLS], [SEP] and the passage prefix: " + (n - fillerLength) + ")");
            }
            int depth = spec.depths().get(d % spec.depths().size());
            Filler.Run run = filler.read(starts.nextInt(lines.size()), fillerLength + 1);
            int at = (int) Math.round(depth / 100.0 * fillerLength);
            while (at > 0 && !run.wordStart()[at]) {
                at--; // not inside a word: the word before the statement stays whole
            }
            int[] doc = new int[n];
            int o = 0;
            doc[o++] = tokenizer.clsId();
            System.arraycopy(prefix, 0, doc, o, prefix.length);
            o += prefix.length;
            System.arraycopy(run.ids(), 0, doc, o, at);
            o += at;
            System.arraycopy(statement, 0, doc, o, statement.length);
            o += statement.length;
            System.arraycopy(run.ids(), at, doc, o, fillerLength - at);
            doc[n - 1] = tokenizer.sepId();
            ids.add(String.format(java.util.Locale.ROOT, "d%04d", d));
            docs.add(doc);
            queries.add(wrap(tokenizer, tokenizer.encodeWords(prefixes.query() + statements.get(d).query()), n));
            relevant.add(Map.of(d, 1));
            depths.add(depth);
        }
        return new TaskSet(spec.label(), List.copyOf(ids), List.copyOf(docs), List.copyOf(queries), List.copyOf(relevant), List.copyOf(depths));
    }

    /** [CLS] ids [SEP], cut to at most n tokens. */
    static int[] wrap(WordTokenizer tokenizer, int[] ids, int n) {
        int body = Math.min(ids.length, n - 2);
        int[] out = new int[body + 2];
        out[0] = tokenizer.clsId();
        System.arraycopy(ids, 0, out, 1, body);
        out[body + 1] = tokenizer.sepId();
        return out;
    }

    /** Corpus text as token ids with, for each token, whether it starts a word; read from any line on, wrapping. */
    static final class Filler {
        private final WordTokenizer tokenizer;
        private final List<String> lines;
        private final Map<String, int[]> words = new HashMap<>();

        Filler(WordTokenizer tokenizer, List<String> lines) {
            this.tokenizer = tokenizer;
            this.lines = lines;
        }

        record Run(int[] ids, boolean[] wordStart) {
        }

        Run read(int firstLine, int tokens) {
            int[] ids = new int[tokens];
            boolean[] start = new boolean[tokens];
            int filled = 0;
            int line = firstLine;
            int empty = 0;
            while (filled < tokens) {
                int before = filled;
                for (String word : lines.get(line).trim().split("\\s+")) {
                    if (word.isEmpty()) {
                        continue;
                    }
                    int[] pieces = words.computeIfAbsent(word, tokenizer::encodeWords);
                    for (int p = 0; p < pieces.length && filled < tokens; p++) {
                        start[filled] = p == 0;
                        ids[filled++] = pieces[p];
                    }
                    if (filled == tokens) {
                        break;
                    }
                }
                empty = filled == before ? empty + 1 : 0;
                if (empty > lines.size()) {
                    throw new TaskInputException("the corpus has no words to use as filler");
                }
                line = (line + 1) % lines.size();
            }
            return new Run(ids, start);
        }
    }
}
