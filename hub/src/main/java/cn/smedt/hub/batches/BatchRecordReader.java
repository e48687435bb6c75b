package cn.smedt.hub.batches;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one line of a batch upload into the JSON record it stands for. NDJSON lines are JSON objects; CSV has a
 * header row naming the fields (RFC 4180 quoting), and empty cells are absent fields.
 */
final class BatchRecordReader {

    private final ObjectReader json;
    private final boolean csv;
    private List<String> header;

    /**
     * @param json the application's ObjectMapper as a reader of records: duplicate keys refused (ambiguous), decimals
     *             exact (BigDecimal, never binary doubles), as the contract check reads an HTTP body
     */
    BatchRecordReader(String contentType, ObjectReader json) {
        this.json = json;
        this.csv = isCsv(contentType);
    }

    static boolean isCsv(String contentType) {
        return contentType != null && contentType.toLowerCase().contains("csv");
    }

    /** Consumes the CSV header line; true when the line was the header. */
    boolean acceptHeader(String line) {
        if (!csv || header != null) {
            return false;
        }
        header = cells(line);
        return true;
    }

    JsonNode read(String line) throws MalformedRecordException {
        if (!csv) {
            try {
                JsonNode node = json.readTree(line);
                if (node == null || !node.isObject()) {
                    throw new MalformedRecordException("line is not a JSON object");
                }
                return node;
            } catch (JsonProcessingException e) {
                throw new MalformedRecordException("line is not well-formed JSON: " + e.getOriginalMessage());
            }
        }
        List<String> values = cells(line);
        if (values.size() != header.size()) {
            throw new MalformedRecordException("row has " + values.size() + " cells, the header " + header.size());
        }
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < header.size(); i++) {
            if (!values.get(i).isEmpty()) {
                record.put(header.get(i), values.get(i));
            }
        }
        return record;
    }

    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().trim());
        return cells;
    }

    /** A line that is not a record at all. */
    static final class MalformedRecordException extends Exception {
        MalformedRecordException(String message) {
            super(message);
        }
    }
}
