package org.attentionlab.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.attentionlab.core.model.ModelSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorpusTest {

    // Europarl bodies from the Lucene sample, one per language
    static final String ENGLISH = "and rational reasons, but rather to keep a real trouble spot alive so that terrorists can strengthen "
            + "their hand.   I very much hope that all reasonable politicians in Macedonia will, in view of the new European window of opportuni";
    static final String ENGLISH_2 = "The next item is the report by Jacek Saryusz-Wolski, on behalf of the Committee on Foreign Affairs, "
            + "on the Council's Sixth Annual Report according to Operative Provision 8 of the European Union Code of Conduct on Arms Exports.";
    static final List<String> OTHER_LANGUAGES = List.of(
            "seit dem dritten Quartal 2007 üben globale Schockwellen in den Bereichen Energie und Nahrungsmittel einen Aufwärtsdruck auf "
                    + "die Inflation nicht nur in der Europäischen Union, sondern weltweit aus.   Der starke Euro konnte die Ausw",
            "de la sécurité, il ne peut et ne doit y avoir de prétextes à la limitation de la liberté des citoyens!    Monsieur le "
                    + "Président, j'estime que Mme van Lancker a rédigé un rapport très intéressant à bien des égards, en particulier p",
            ". For det første er det første gang i EU's historie, at der er vedtaget bindende lovgivning om bekæmpelse af menneskehandel. "
                    + "For det andet nåede Parlamentet og Rådet til enighed under førstebehandlingen, hvilket betyder, at direkt",
            "hatályos eljárások sajnálatosan világszerte aggasztó méreteket öltenek: a 2009-ben bejelentett 5679 kivégzés 5679-cel több "
                    + "volt a kelleténél. Ha pedig figyelembe vesszük, hogy 58 ország és terület továbbra is alkalmazza a halálbün",
            "la sicurezza marittima e a prevenire l’inquinamento causato dalle navi nelle acque degli Stati membri. L’entità dell’impegno "
                    + "è stata fissata inizialmente dalla Commissione a 154 milioni di euro, e tale importo è stato consolidato ",
            "un orden mundial basado en la paz, la democracia, los derechos humanos, el Estado de Derecho, el desarrollo sostenible y el "
                    + "crecimiento estable.   La cláusula sobre derechos humanos y democracia debería aplicarse de modo más ampli",
            "hebben de Europese ondernemingen zover gekregen dat ze zich hebben teruggetrokken uit Zimbabwe omdat hun activiteiten het "
                    + "regime mee stevig in het zadel hielden.   namens de PSE-Fractie. - (FR) Mijnheer de Voorzitter, minister, co",
            "ett steg i rätt riktning. Det behövs samordning, samarbete mellan medlemsstaterna för att bekämpa den organiserade "
                    + "brottsligheten, som bedriver sin verksamhet i samverkan, objektivt och subjektivt, med de kanaler den kontrollerar,",
            "na Europa. A população em risco de pobreza na Europa conheceu um aumento de 1,5%, entre 2004 e 2008, passando de 15% para "
                    + "16,5%.   Tendo em conta o novo documento da Comissão intitulado \"Dar um novo impulso à cooperação europeia n",
            ", joilla liikkuu miljoonien yritysten valmistamia miljoonia tuotteita, sitoutuminen innovointiin ja nopeus, jolla "
                    + "innovaatiot saavuttavat kuluttajat, on ehdottoman tärkeää yrityksille, erityisesti pienille ja keskisuurille yrityks");

    private TextTokenizer tokenizer;

    @BeforeAll
    void load() {
        tokenizer = ModelSource.builtIn("all-minilm-l6-v2").tokenizer();
    }

    @AfterAll
    void close() {
        tokenizer.close();
    }

    @Test
    void englishFilterKeepsEnglishAndRejectsTheOtherLanguages() {
        assertTrue(EnglishFilter.isEnglish(ENGLISH), "share " + EnglishFilter.functionWordShare(ENGLISH));
        assertTrue(EnglishFilter.isEnglish(ENGLISH_2), "share " + EnglishFilter.functionWordShare(ENGLISH_2));
        for (String line : OTHER_LANGUAGES) {
            assertFalse(EnglishFilter.isEnglish(line), "share " + EnglishFilter.functionWordShare(line) + ": " + line);
        }
        assertFalse(EnglishFilter.isEnglish("the of and"), "too few words to judge");
    }

    @Test
    void europarlEnglishHoldsOnlyEnglishLinesInFileOrder() {
        Corpus corpus = Corpus.europarlEnglish();
        assertEquals("europarl-en", corpus.name());
        // 17597 lines in 21 languages; the filter keeps the English ones (a count pinned to catch drift)
        assertEquals(1269, corpus.lines().size());
        assertTrue(corpus.lines().stream().anyMatch(l -> l.startsWith(ENGLISH.strip())));
        assertTrue(corpus.lines().stream().allMatch(EnglishFilter::isEnglish));
        for (String other : OTHER_LANGUAGES) {
            assertTrue(corpus.lines().stream().noneMatch(l -> l.startsWith(other.strip())));
        }
        assertTrue(corpus.lines().stream().noneMatch(l -> l.contains("\t")), "title and date columns are dropped");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 8, 32, 128, 512})
    void documentsHaveExactlyNTokensFramedByClsAndSep(int n) {
        List<int[]> docs = Corpus.europarlEnglish().documents(tokenizer, n, 4);
        assertEquals(4, docs.size());
        for (int[] doc : docs) {
            assertEquals(n, doc.length);
            assertEquals(tokenizer.clsId(), doc[0]);
            assertEquals(tokenizer.sepId(), doc[n - 1]);
            for (int i = 1; i < n - 1; i++) {
                assertTrue(doc[i] != tokenizer.clsId() && doc[i] != tokenizer.sepId() && doc[i] != tokenizer.padId(), "token " + i);
            }
        }
        if (n > 2) {
            Set<String> distinct = new HashSet<>();
            docs.forEach(d -> distinct.add(Arrays.toString(d)));
            assertEquals(4, distinct.size(), "different documents hold different text");
        }
    }

    @Test
    void documentsAreDeterministic() {
        List<int[]> a = Corpus.europarlEnglish().documents(tokenizer, 128, 5);
        List<int[]> b = Corpus.europarlEnglish().documents(tokenizer, 128, 5);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
        // the first document is the first English line's text
        int[] first = tokenizer.encodeWords(Corpus.europarlEnglish().lines().get(0));
        assertArrayEquals(Arrays.copyOf(first, 10), Arrays.copyOfRange(a.get(0), 1, 11));
    }

    @Test
    void shortLinesContinueWithTheNextOnesAndTheCorpusWrapsAround(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("text.txt");
        Files.writeString(file, "alpha beta\n\n   \ngamma\ndelta epsilon zeta\n", StandardCharsets.UTF_8);
        Corpus corpus = Corpus.file(file);
        assertEquals(file.toString(), corpus.name());
        assertEquals(List.of("alpha beta", "gamma", "delta epsilon zeta"), corpus.lines());
        int alpha = single("alpha");
        int beta = single("beta");
        int gamma = single("gamma");
        int delta = single("delta");
        int epsilon = single("epsilon");
        int zeta = single("zeta");
        int cls = tokenizer.clsId();
        int sep = tokenizer.sepId();
        List<int[]> docs = corpus.documents(tokenizer, 6, 3);
        // doc 0: lines 0, 1 and the start of 2; doc 1 starts after line 2, i.e. wraps to line 0
        assertArrayEquals(new int[] {cls, alpha, beta, gamma, delta, sep}, docs.get(0));
        assertArrayEquals(new int[] {cls, alpha, beta, gamma, delta, sep}, docs.get(1));
        List<int[]> small = corpus.documents(tokenizer, 4, 4);
        assertArrayEquals(new int[] {cls, alpha, beta, sep}, small.get(0));
        assertArrayEquals(new int[] {cls, gamma, delta, sep}, small.get(1));
        assertArrayEquals(new int[] {cls, alpha, beta, sep}, small.get(2));
        assertArrayEquals(new int[] {cls, gamma, delta, sep}, small.get(3));
        // a document longer than the whole corpus repeats it
        int[] longDoc = corpus.documents(tokenizer, 2 + 14, 1).get(0);
        assertArrayEquals(new int[] {cls, alpha, beta, gamma, delta, epsilon, zeta, alpha, beta, gamma, delta, epsilon, zeta,
            alpha, beta, sep}, longDoc);

        // what the documents above read: 3 lines each for the 6-token ones, so the second repeats the first, ...
        assertSample(3, 3, false, corpus.sample(tokenizer, 6, 1));
        assertSample(3, 6, true, corpus.sample(tokenizer, 6, 2));
        // ... 1 line for one 4-token document, and 7 lines (the corpus twice and one line more) for the long one
        assertSample(1, 1, false, corpus.sample(tokenizer, 4, 1));
        assertSample(3, 7, true, corpus.sample(tokenizer, 2 + 14, 1));
    }

    private static void assertSample(int distinctLines, int linesUsed, boolean repeats, CorpusSample sample) {
        assertEquals(distinctLines, sample.distinctLines());
        assertEquals(linesUsed, sample.linesUsed());
        assertEquals(repeats, sample.repeatsText());
    }

    private int single(String word) {
        int[] ids = tokenizer.encodeWords(word);
        assertEquals(1, ids.length, word);
        return ids[0];
    }

    @Test
    void errors(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.txt");
        assertEquals("corpus file not found: " + missing,
                assertThrows(CorpusException.class, () -> Corpus.file(missing)).getMessage());
        Path blank = dir.resolve("blank.txt");
        Files.writeString(blank, "\n  \n", StandardCharsets.UTF_8);
        assertEquals("corpus file has no text: " + blank, assertThrows(CorpusException.class, () -> Corpus.file(blank)).getMessage());
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        assertEquals("corpus file is not UTF-8 text: " + latin1, assertThrows(CorpusException.class, () -> Corpus.file(latin1)).getMessage());
        assertEquals("context size must be >= 2 ([CLS] and [SEP]), got 1",
                assertThrows(IllegalArgumentException.class, () -> Corpus.europarlEnglish().documents(tokenizer, 1, 1)).getMessage());
        assertEquals(List.of(), Corpus.europarlEnglish().documents(tokenizer, 8, 0));
    }

    // ---- distinct lines (documents must not silently repeat text)

    @Test
    void aOneLineCorpusForSixteenDocumentsRepeatsTextAndSaysSo() {
        CorpusSample sample = Corpus.of("one", List.of(ENGLISH)).sample(tokenizer, 16, 16);
        assertEquals(16, sample.documents().size());
        assertEquals(1, sample.distinctLines());
        assertEquals(16, sample.linesUsed());
        assertTrue(sample.repeatsText());
    }

    @Test
    void documentsFromDifferentLinesDoNotRepeat() {
        CorpusSample sample = Corpus.of("two", List.of(ENGLISH, ENGLISH_2)).sample(tokenizer, 16, 2);
        assertEquals(2, sample.distinctLines());
        assertFalse(sample.repeatsText());
        // a document longer than the corpus wraps onto its own first line
        CorpusSample wrapped = Corpus.of("two", List.of(ENGLISH, ENGLISH_2)).sample(tokenizer, 256, 1);
        assertEquals(2, wrapped.distinctLines());
        assertTrue(wrapped.repeatsText(), "3 reads of 2 lines");
    }

    // ---- a huge line is tokenized only as far as the documents need

    /** Records the longest text the corpus asked to tokenize. */
    private static final class Recording implements WordTokenizer {
        final WordTokenizer real;
        int longest;

        Recording(WordTokenizer real) {
            this.real = real;
        }

        @Override
        public int[] encodeWords(String text) {
            longest = Math.max(longest, text.length());
            return real.encodeWords(text);
        }

        @Override
        public int clsId() {
            return real.clsId();
        }

        @Override
        public int sepId() {
            return real.sepId();
        }
    }

    @Test
    void aHugeLineIsTokenizedOnlyAsFarAsTheDocumentsNeed() {
        String huge = (ENGLISH + " ").repeat(20_000).strip(); // about 5 MB
        Recording recording = new Recording(tokenizer);
        List<int[]> docs = Corpus.of("huge", List.of(huge, ENGLISH_2)).documents(recording, 512, 2);
        assertTrue(recording.longest < 64 * 1024, "tokenized " + recording.longest + " chars of a " + huge.length() + "-char line");
        // the same ids as tokenizing the whole line
        int[] whole = tokenizer.encodeWords(String.join(" ", java.util.Collections.nCopies(40, ENGLISH)));
        assertArrayEquals(Arrays.copyOf(whole, 510), Arrays.copyOfRange(docs.get(0), 1, 511));
    }

    @Test
    void aPrefixTooShortForItsTokensGrows() {
        // long unknown words give one token per many characters: the first prefix holds too few
        String word = "x".repeat(90);
        String line = String.join(" ", java.util.Collections.nCopies(400, word));
        Recording recording = new Recording(tokenizer);
        int[] doc = Corpus.of("long-words", List.of(line)).documents(recording, 302, 1).get(0);
        int[] whole = tokenizer.encodeWords(line);
        assertTrue(whole.length >= 300, "fixture: " + whole.length + " tokens");
        assertArrayEquals(Arrays.copyOf(whole, 300), Arrays.copyOfRange(doc, 1, 301));
    }

    @Test
    void theDigestIsOfTheFilesBytes(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("texts.txt");
        Files.writeString(file, "one line\n\nanother\n");
        assertEquals(Sha256.of(Files.readAllBytes(file)), Corpus.file(file).sha256());
        assertEquals(64, Corpus.europarlEnglish().sha256().length());
    }
}
