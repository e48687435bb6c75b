package cn.smedt.security.structured;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small parser and serializer for RFC 8941 Structured Field Values: dictionaries, inner lists,
 * items and parameters. Bare item values are represented as {@link Long} (integer),
 * {@link BigDecimal} (decimal), {@link String} (string), {@link Token}, {@link ByteSequence}
 * and {@link Boolean}.
 */
public final class StructuredFields {

    /** An RFC 8941 token (unquoted). */
    public record Token(String value) {
        @Override
        public String toString() {
            return value;
        }
    }

    /** An RFC 8941 byte sequence; equality by content. */
    public record ByteSequence(byte[] bytes) {
        public ByteSequence {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByteSequence other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return ":" + Base64.getEncoder().encodeToString(bytes) + ":";
        }
    }

    /** A dictionary or list member: an item or an inner list. */
    public sealed interface Member permits Item, InnerList {
        Map<String, Object> params();
    }

    /** A bare item with parameters. */
    public record Item(Object value, Map<String, Object> params) implements Member {
        public Item {
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }

    /** An inner list of items with parameters. */
    public record InnerList(List<Item> items, Map<String, Object> params) implements Member {
        public InnerList {
            items = List.copyOf(items);
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }

    /** A dictionary member together with the exact text it was parsed from. */
    public record Entry(Member member, String source) {
    }

    private StructuredFields() {
    }

    // ------------------------------------------------------------------ parsing

    /** Parses a dictionary; member order is kept; {@link Entry#source()} is the member's text. */
    public static Map<String, Entry> parseDictionary(String text) throws StructuredFieldException {
        Parser p = new Parser(text);
        Map<String, Entry> result = new LinkedHashMap<>();
        p.skipSp();
        if (p.atEnd()) {
            return result;
        }
        while (true) {
            String key = p.parseKey();
            Member member;
            int start;
            if (p.peek() == '=') {
                p.pos++;
                start = p.pos;
                member = p.parseItemOrInnerList();
            } else {
                start = p.pos;
                member = new Item(Boolean.TRUE, p.parseParameters());
            }
            result.put(key, new Entry(member, text.substring(start, p.pos)));
            p.skipOws();
            if (p.atEnd()) {
                return result;
            }
            p.expect(',');
            p.skipOws();
            if (p.atEnd()) {
                throw new StructuredFieldException("trailing comma in dictionary");
            }
        }
    }

    /** Parses a single item (bare item with parameters). */
    public static Item parseItem(String text) throws StructuredFieldException {
        Parser p = new Parser(text);
        p.skipSp();
        Item item = p.parseItem();
        p.skipSp();
        if (!p.atEnd()) {
            throw new StructuredFieldException("unexpected characters after item at " + p.pos);
        }
        return item;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(pos);
        }

        void skipSp() {
            while (!atEnd() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        void skipOws() {
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        void expect(char c) throws StructuredFieldException {
            if (peek() != c) {
                throw new StructuredFieldException("expected '" + c + "' at " + pos);
            }
            pos++;
        }

        String parseKey() throws StructuredFieldException {
            char c = peek();
            if (!(c >= 'a' && c <= 'z') && c != '*') {
                throw new StructuredFieldException("invalid key start at " + pos);
            }
            int start = pos;
            while (!atEnd()) {
                c = s.charAt(pos);
                if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*') {
                    pos++;
                } else {
                    break;
                }
            }
            return s.substring(start, pos);
        }

        Member parseItemOrInnerList() throws StructuredFieldException {
            return peek() == '(' ? parseInnerList() : parseItem();
        }

        InnerList parseInnerList() throws StructuredFieldException {
            expect('(');
            List<Item> items = new ArrayList<>();
            while (!atEnd()) {
                skipSp();
                if (peek() == ')') {
                    pos++;
                    return new InnerList(items, parseParameters());
                }
                items.add(parseItem());
                char c = peek();
                if (c != ' ' && c != ')') {
                    throw new StructuredFieldException("expected space or ')' in inner list at " + pos);
                }
            }
            throw new StructuredFieldException("unterminated inner list");
        }

        Item parseItem() throws StructuredFieldException {
            Object value = parseBareItem();
            return new Item(value, parseParameters());
        }

        Map<String, Object> parseParameters() throws StructuredFieldException {
            Map<String, Object> params = new LinkedHashMap<>();
            while (peek() == ';') {
                pos++;
                skipSp();
                String key = parseKey();
                Object value = Boolean.TRUE;
                if (peek() == '=') {
                    pos++;
                    value = parseBareItem();
                }
                params.put(key, value);
            }
            return params;
        }

        Object parseBareItem() throws StructuredFieldException {
            char c = peek();
            if (c == '-' || (c >= '0' && c <= '9')) {
                return parseNumber();
            } else if (c == '"') {
                return parseString();
            } else if (c == '*' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                return parseToken();
            } else if (c == ':') {
                return parseByteSequence();
            } else if (c == '?') {
                return parseBoolean();
            }
            throw new StructuredFieldException("unrecognised item at " + pos);
        }

        Object parseNumber() throws StructuredFieldException {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (!(peek() >= '0' && peek() <= '9')) {
                throw new StructuredFieldException("expected digit at " + pos);
            }
            boolean decimal = false;
            int digitsBeforeDot = 0;
            while (!atEnd()) {
                char c = s.charAt(pos);
                if (c >= '0' && c <= '9') {
                    pos++;
                } else if (c == '.' && !decimal) {
                    decimal = true;
                    digitsBeforeDot = pos - start - (s.charAt(start) == '-' ? 1 : 0);
                    if (digitsBeforeDot > 12) {
                        throw new StructuredFieldException("decimal too long at " + start);
                    }
                    pos++;
                } else {
                    break;
                }
            }
            String num = s.substring(start, pos);
            String digits = num.startsWith("-") ? num.substring(1) : num;
            if (!decimal) {
                if (digits.length() > 15) {
                    throw new StructuredFieldException("integer too long at " + start);
                }
                return Long.parseLong(num);
            }
            if (num.endsWith(".")) {
                throw new StructuredFieldException("decimal ends with '.' at " + start);
            }
            int frac = digits.length() - digitsBeforeDot - 1;
            if (frac > 3) {
                throw new StructuredFieldException("too many fraction digits at " + start);
            }
            return new BigDecimal(num);
        }

        String parseString() throws StructuredFieldException {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (!atEnd()) {
                char c = s.charAt(pos++);
                if (c == '\\') {
                    if (atEnd()) {
                        break;
                    }
                    char n = s.charAt(pos++);
                    if (n != '"' && n != '\\') {
                        throw new StructuredFieldException("invalid escape at " + (pos - 1));
                    }
                    sb.append(n);
                } else if (c == '"') {
                    return sb.toString();
                } else if (c < 0x20 || c > 0x7e) {
                    throw new StructuredFieldException("invalid character in string at " + (pos - 1));
                } else {
                    sb.append(c);
                }
            }
            throw new StructuredFieldException("unterminated string");
        }

        Token parseToken() {
            int start = pos;
            pos++;
            while (!atEnd() && (isTchar(s.charAt(pos)) || s.charAt(pos) == ':' || s.charAt(pos) == '/')) {
                pos++;
            }
            return new Token(s.substring(start, pos));
        }

        ByteSequence parseByteSequence() throws StructuredFieldException {
            expect(':');
            int end = s.indexOf(':', pos);
            if (end < 0) {
                throw new StructuredFieldException("unterminated byte sequence");
            }
            String b64 = s.substring(pos, end);
            for (int i = 0; i < b64.length(); i++) {
                char c = b64.charAt(i);
                boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                        || c == '+' || c == '/' || c == '=';
                if (!ok) {
                    throw new StructuredFieldException("invalid base64 character in byte sequence at " + (pos + i));
                }
            }
            pos = end + 1;
            try {
                return new ByteSequence(Base64.getDecoder().decode(b64));
            } catch (IllegalArgumentException e) {
                throw new StructuredFieldException("invalid base64 in byte sequence: " + e.getMessage());
            }
        }

        Boolean parseBoolean() throws StructuredFieldException {
            expect('?');
            char c = peek();
            if (c == '1' || c == '0') {
                pos++;
                return c == '1';
            }
            throw new StructuredFieldException("invalid boolean at " + pos);
        }
    }

    private static boolean isTchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    // ------------------------------------------------------------------ serializing

    /** Serializes a member (item or inner list) with its parameters. */
    public static String serializeMember(Member member) {
        StringBuilder sb = new StringBuilder();
        if (member instanceof InnerList list) {
            sb.append('(');
            for (int i = 0; i < list.items().size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                Item item = list.items().get(i);
                sb.append(serializeBareItem(item.value())).append(serializeParams(item.params()));
            }
            sb.append(')').append(serializeParams(list.params()));
        } else {
            Item item = (Item) member;
            sb.append(serializeBareItem(item.value())).append(serializeParams(item.params()));
        }
        return sb.toString();
    }

    /** Serializes parameters: {@code ;key} for true, {@code ;key=value} otherwise. */
    public static String serializeParams(Map<String, ?> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, ?> e : params.entrySet()) {
            sb.append(';').append(e.getKey());
            if (!Boolean.TRUE.equals(e.getValue())) {
                sb.append('=').append(serializeBareItem(e.getValue()));
            }
        }
        return sb.toString();
    }

    /** Serializes a bare item value. */
    public static String serializeBareItem(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Long.toString(((Number) value).longValue());
        } else if (value instanceof BigDecimal d) {
            BigDecimal r = d.setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
            String plain = r.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        } else if (value instanceof String str) {
            StringBuilder sb = new StringBuilder("\"");
            for (int i = 0; i < str.length(); i++) {
                char c = str.charAt(i);
                if (c == '"' || c == '\\') {
                    sb.append('\\');
                }
                sb.append(c);
            }
            return sb.append('"').toString();
        } else if (value instanceof Token t) {
            return t.value();
        } else if (value instanceof ByteSequence b) {
            return b.toString();
        } else if (value instanceof byte[] bytes) {
            return ":" + Base64.getEncoder().encodeToString(bytes) + ":";
        } else if (value instanceof Boolean b) {
            return b ? "?1" : "?0";
        }
        throw new IllegalArgumentException("not a structured field value: " + value);
    }
}
