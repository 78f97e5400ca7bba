import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlab.runners.results.ResultsJson;

/**
 * cluster/standalone-check.sh's check of a run folder against the local engine's, as a single-file program
 * (java -cp attnlab-cluster.jar StandaloneCheck.java SPARK_RUN LOCAL_RUN): cells.jsonl holds every cell of the
 * plan exactly once, all ok (no retried task added, lost or failed one), and every accuracy field of
 * results.json equals the local engine's to 1e-6. Prints one line; exit 1 naming the first difference.
 */
public class StandaloneCheck {

    static int numbers;
    static double worst;

    public static void main(String[] args) throws Exception {
        Path spark = Path.of(args[0]);
        Path local = Path.of(args[1]);
        JsonNode localCells = ResultsJson.MAPPER.readTree(local.resolve("results.json").toFile()).get("cells");
        JsonNode sparkCells = ResultsJson.MAPPER.readTree(spark.resolve("results.json").toFile()).get("cells");
        Map<String, Integer> lines = new LinkedHashMap<>();
        List<String> jsonl = Files.readAllLines(spark.resolve("cells.jsonl"));
        for (String line : jsonl) {
            JsonNode cell = ResultsJson.MAPPER.readTree(line);
            String key = key(cell);
            lines.merge(key, 1, Integer::sum);
            if (!"ok".equals(cell.get("status").asText())) {
                fail("cells.jsonl: " + key + " is " + cell.get("status").asText() + ": " + cell.get("error").asText());
            }
        }
        if (lines.size() != localCells.size() || jsonl.size() != localCells.size()) {
            fail("cells.jsonl has " + jsonl.size() + " lines for " + lines.size() + " cells, the plan has " + localCells.size() + ": " + lines);
        }
        for (int i = 0; i < localCells.size(); i++) {
            JsonNode l = localCells.get(i);
            JsonNode s = sparkCells.get(i);
            String key = key(l);
            if (!key.equals(key(s)) || lines.getOrDefault(key, 0) != 1) {
                fail("cell " + i + ": local " + key + ", spark " + key(s) + ", in cells.jsonl " + lines.getOrDefault(key, 0) + " times");
            }
            compare(l.get("accuracy"), s.get("accuracy"), key + " accuracy");
        }
        System.out.printf("standalone-check: %d cells, each once in cells.jsonl; %d accuracy numbers equal to the local engine's (max difference %.3g)%n",
                localCells.size(), numbers, worst);
    }

    static String key(JsonNode cell) {
        return cell.get("label").asText() + "@" + cell.get("contextSize").asInt();
    }

    static void compare(JsonNode a, JsonNode b, String at) {
        if (a.isNumber() && b.isNumber()) {
            double d = Math.abs(a.asDouble() - b.asDouble());
            numbers++;
            worst = Math.max(worst, d);
            if (!(d <= 1e-6)) {
                fail(at + ": local " + a + ", spark " + b);
            }
        } else if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                fail(at + ": fields differ: local " + a + ", spark " + b);
            }
            for (Iterator<String> names = a.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!b.has(name)) {
                    fail(at + "." + name + " is missing on spark");
                }
                compare(a.get(name), b.get(name), at + "." + name);
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                compare(a.get(i), b.get(i), at + "[" + i + "]");
            }
        } else if (!a.equals(b)) {
            fail(at + ": local " + a + ", spark " + b);
        }
    }

    static void fail(String why) {
        System.err.println("standalone-check: FAILED: " + why);
        System.exit(1);
    }
}
