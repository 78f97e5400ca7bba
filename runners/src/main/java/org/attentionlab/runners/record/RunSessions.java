package org.attentionlab.runners.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.ResultsJson;

/**
 * {@code sessions.jsonl}: one line per process that worked on the run (the start and every resume), with the
 * code it ran (attention-lab version and git commit) and how many lines {@code cells.jsonl} held when it
 * began, so that the cells each one measured can be told apart when the code changed between them, and the
 * engine its tasks ran on.
 */
final class RunSessions {

    static final String FILE = "sessions.jsonl";

    /**
     * @param startedAt      when the process began (ISO-8601)
     * @param attnlabVersion the attention-lab version it ran
     * @param gitCommit      the commit of its checkout (null when not run from one)
     * @param cellsBefore    the lines cells.jsonl held when it began
     * @param engine         where this session's tasks ran: {@code local}, or {@code spark} with its master
     *                       ({@code spark local[2]}); null in sessions recorded before it was. The engine is a
     *                       fact of the session, not of the experiment: a run resumes on either engine.
     */
    record Session(String startedAt, String attnlabVersion, String gitCommit, int cellsBefore, String engine) {

        String code() {
            return (gitCommit == null ? "an unknown commit" : "commit " + gitCommit) + " (attention-lab " + attnlabVersion + ")";
        }

        boolean sameCode(Session other) {
            return Objects.equals(attnlabVersion, other.attnlabVersion) && Objects.equals(gitCommit, other.gitCommit);
        }
    }

    private RunSessions() {
    }

    static void append(Path dir, Session session) {
        Path file = dir.resolve(FILE);
        try {
            Files.writeString(file, ResultsJson.line(session) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UserFacingException("cannot write " + file + ": " + RunFolder.reason(e));
        }
    }

    /** The sessions so far; an unreadable line (a run killed mid-write) is skipped. */
    static List<Session> read(Path dir) {
        Path file = dir.resolve(FILE);
        List<Session> sessions = new ArrayList<>();
        if (!Files.exists(file)) {
            return sessions;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    sessions.add(ResultsJson.MAPPER.readValue(line, Session.class));
                } catch (IOException e) {
                    // torn: the session it described did run; its cells count under the one before
                }
            }
        } catch (IOException e) {
            throw new UserFacingException("cannot read " + file + ": " + RunFolder.reason(e));
        }
        return sessions;
    }

    /**
     * A warning when {@code now} runs other code than an earlier session: which cells came from which code.
     * Null when every session ran the same code.
     *
     * @param attempts every cell line of cells.jsonl, in order
     */
    static String codeChangeWarning(List<Session> before, Session now, List<Cell> attempts) {
        if (before.isEmpty() || before.stream().allMatch(s -> s.sameCode(now))) {
            return null;
        }
        Map<String, List<String>> byCode = new LinkedHashMap<>();
        for (int i = 0; i < before.size(); i++) {
            int from = Math.min(before.get(i).cellsBefore(), attempts.size());
            int to = i + 1 < before.size() ? Math.min(before.get(i + 1).cellsBefore(), attempts.size()) : attempts.size();
            List<String> keys = byCode.computeIfAbsent(before.get(i).code(), k -> new ArrayList<>());
            for (int c = from; c < to; c++) {
                keys.add(attempts.get(c).key());
            }
        }
        List<String> parts = new ArrayList<>();
        byCode.forEach((code, keys) -> parts.add((keys.isEmpty() ? "no cells" : String.join(", ", keys)) + " from " + code));
        return "the code changed since this run started: " + String.join("; ", parts) + "; the remaining cells come from " + now.code();
    }
}
