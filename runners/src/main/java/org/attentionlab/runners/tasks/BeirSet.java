package org.attentionlab.runners.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A labelled retrieval set in the BEIR layout, read from a folder: {@code corpus.jsonl} (one JSON object per line
 * with {@code _id}, {@code text} and an optional {@code title}), {@code queries.jsonl} ({@code _id}, {@code text})
 * and {@code qrels/test.tsv} (a header line {@code query-id corpus-id score}, then one tab-separated judgment per
 * line, the score an integer grade). Only queries with at least one relevant document (grade >= 1) are scored, as
 * trec_eval scores only the queries its qrels judge. Every defect names the file and line, for one line, exit 2.
 *
 * @param documentIds the corpus ids, in file order
 * @param documents   each document's text: its title and text joined by a space (as BEIR's dense search does)
 * @param queryIds    the scored queries' ids, in the order of queries.jsonl
 * @param queries     their texts
 * @param relevant    per scored query, corpus index -> grade
 */
public record BeirSet(List<String> documentIds, List<String> documents, List<String> queryIds, List<String> queries,
                      List<Map<Integer, Integer>> relevant) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static BeirSet read(Path folder) {
        Path corpusFile = folder.resolve("corpus.jsonl");
        Path queriesFile = folder.resolve("queries.jsonl");
        Path qrelsFile = folder.resolve("qrels").resolve("test.tsv");
        Map<String, String> corpus = readJsonl(corpusFile, true);
        Map<String, String> queries = readJsonl(queriesFile, false);
        List<String> docIds = new ArrayList<>(corpus.keySet());
        Map<String, Integer> docIndex = new LinkedHashMap<>();
        for (int i = 0; i < docIds.size(); i++) {
            docIndex.put(docIds.get(i), i);
        }
        Map<String, Map<Integer, Integer>> judged = new LinkedHashMap<>();
        List<String> lines = lines(qrelsFile);
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l);
            String at = qrelsFile + ":" + (l + 1) + ": ";
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (l == 0 && cols.length >= 1 && cols[0].trim().equals("query-id")) {
                continue; // BEIR writes a header line
            }
            if (cols.length != 3) {
                throw new TaskInputException(at + "expected 3 tab-separated columns (query-id, corpus-id, score), got " + cols.length);
            }
            String q = cols[0].trim();
            String d = cols[1].trim();
            int grade;
            try {
                grade = Integer.parseInt(cols[2].trim());
            } catch (NumberFormatException e) {
                throw new TaskInputException(at + "score must be an integer grade, got '" + cols[2].trim() + "'");
            }
            if (!queries.containsKey(q)) {
                throw new TaskInputException(at + "query-id '" + q + "' is not in " + queriesFile);
            }
            Integer doc = docIndex.get(d);
            if (doc == null) {
                throw new TaskInputException(at + "corpus-id '" + d + "' is not in " + corpusFile);
            }
            if (judged.computeIfAbsent(q, k -> new LinkedHashMap<>()).put(doc, grade) != null) {
                throw new TaskInputException(at + "query-id '" + q + "' judges corpus-id '" + d + "' twice");
            }
        }
        List<String> queryIds = new ArrayList<>();
        List<String> queryTexts = new ArrayList<>();
        List<Map<Integer, Integer>> relevant = new ArrayList<>();
        for (Map.Entry<String, String> q : queries.entrySet()) {
            Map<Integer, Integer> grades = judged.get(q.getKey());
            if (grades != null && grades.values().stream().anyMatch(g -> g > 0)) {
                queryIds.add(q.getKey());
                queryTexts.add(q.getValue());
                relevant.add(Map.copyOf(grades));
            }
        }
        if (queryIds.isEmpty()) {
            throw new TaskInputException(qrelsFile + ": no query has a relevant document (a score >= 1): nothing to score");
        }
        return new BeirSet(List.copyOf(docIds), List.copyOf(corpus.values()), List.copyOf(queryIds), List.copyOf(queryTexts), List.copyOf(relevant));
    }

    /** id -> text of a JSON-lines file; {@code titled}: a title, when present, is put before the text. */
    private static Map<String, String> readJsonl(Path file, boolean titled) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines = lines(file);
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l);
            if (line.isBlank()) {
                continue;
            }
            String at = file + ":" + (l + 1) + ": ";
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new TaskInputException(at + "invalid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
            }
            if (node == null || !node.isObject()) {
                throw new TaskInputException(at + "expected a JSON object with \"_id\" and \"text\"");
            }
            JsonNode id = node.get("_id");
            if (id == null || !id.isValueNode() || id.asText().isEmpty()) {
                throw new TaskInputException(at + "missing \"_id\"");
            }
            JsonNode text = node.get("text");
            if (text == null || !text.isTextual()) {
                throw new TaskInputException(at + "missing \"text\" (a string)");
            }
            JsonNode title = node.get("title");
            String body = titled && title != null && title.isTextual() && !title.asText().isBlank()
                    ? title.asText() + " " + text.asText() : text.asText();
            if (out.put(id.asText(), body) != null) {
                throw new TaskInputException(at + "\"_id\" '" + id.asText() + "' appears twice");
            }
        }
        if (out.isEmpty()) {
            throw new TaskInputException(file + ": no entries");
        }
        return out;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TaskInputException(file + ": no such file (a BEIR folder holds corpus.jsonl, queries.jsonl and qrels/test.tsv)");
        } catch (IOException e) {
            throw new TaskInputException(file + ": cannot read: " + e.getMessage());
        }
    }
}
