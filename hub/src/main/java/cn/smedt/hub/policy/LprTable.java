package cn.smedt.hub.policy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Loan Prime Rate history: immutable, sorted by effective date. A rate is looked up by the date a loan
 * started; the entry in force is the one with the latest effective date on or before it. Operators add
 * publications at runtime with {@link #withEntry(LprEntry)} (a new table; see {@link CurrentLprTable} for the swap).
 */
public final class LprTable {

    /** Classpath location of the shipped table (routes/lpr.yaml, packaged under packs/). */
    public static final String RESOURCE = "packs/lpr.yaml";

    /** Entries by effective date. */
    private final TreeMap<LocalDate, LprEntry> entries;

    private LprTable(TreeMap<LocalDate, LprEntry> entries) {
        this.entries = entries;
    }

    /**
     * A table of these entries.
     *
     * @throws PolicyDefinitionException when two entries share an effective date
     */
    public static LprTable of(List<LprEntry> list) {
        TreeMap<LocalDate, LprEntry> map = new TreeMap<>();
        for (LprEntry e : list) {
            if (map.put(e.effectiveFrom(), e) != null) {
                throw new PolicyDefinitionException("LPR table", "entries", "two entries effective "
                        + e.effectiveFrom());
            }
        }
        return new LprTable(map);
    }

    /**
     * Reads a table: {@code entries: [ { effective: 2024-02-20, oneYear: "3.45", fiveYear: "3.95" }, ... ]}.
     *
     * @param origin name of the source, for messages
     */
    public static LprTable read(InputStream in, String origin) {
        cn.smedt.hub.packs.PackYaml.Bound<LprFile> document = PolicyReader.bind(in, origin, LprFile.class);
        LprFile file = document.value();
        PolicyReader.At root = new PolicyReader.At(document, "");
        if (file.entries() == null) {
            throw root.fail("entries", "missing required field");
        }
        List<LprEntry> list = new ArrayList<>();
        for (int i = 0; i < file.entries().size(); i++) {
            LprFile.Entry entry = file.entries().get(i);
            PolicyReader.At node = root.child("entries").item(i).mapping(entry);
            LocalDate effective = PolicyReader.date(node.child("effective"),
                    node.present("effective", entry.effective()));
            try {
                list.add(new LprEntry(effective, node.present("oneYear", entry.oneYear()),
                        node.present("fiveYear", entry.fiveYear())));
            } catch (InvalidAmountException e) {
                throw node.fail(e.getMessage());
            }
        }
        if (list.isEmpty()) {
            throw root.fail("entries", "the LPR table needs at least one entry");
        }
        for (int i = 1; i < list.size(); i++) {
            if (!list.get(i).effectiveFrom().isAfter(list.get(i - 1).effectiveFrom())) {
                throw root.child("entries").item(i)
                        .fail("effective", "entries must be in ascending date order");
            }
        }
        return of(list);
    }

    /**
     * An {@code lpr.yaml} as written, bound by Jackson YAML.
     *
     * @param source  where the rates were published
     * @param entries the publications, oldest first
     */
    record LprFile(String source, List<Entry> entries) {

        /**
         * One publication.
         *
         * @param effective date it took effect, {@code yyyy-MM-dd}
         * @param oneYear   1-year LPR in percent per annum
         * @param fiveYear  5-year LPR in percent per annum
         */
        record Entry(String effective, BigDecimal oneYear, BigDecimal fiveYear) {
        }
    }

    /** The table shipped in the routes jar ({@value #RESOURCE}). */
    public static LprTable fromClasspath(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new PolicyDefinitionException("classpath:" + RESOURCE, "", "not found on the classpath");
            }
            return read(in, "classpath:" + RESOURCE);
        } catch (IOException e) {
            throw new PolicyDefinitionException("classpath:" + RESOURCE, "", "cannot be read", e);
        }
    }

    /**
     * The entry in force on {@code date}: the latest effective date on or before it.
     *
     * @throws LprNotAvailableException when {@code date} precedes the first entry
     */
    public LprEntry entryOn(LocalDate date) {
        Map.Entry<LocalDate, LprEntry> e = entries.floorEntry(date);
        if (e == null) {
            throw new LprNotAvailableException(date, entries.isEmpty() ? null : entries.firstKey());
        }
        return e.getValue();
    }

    /**
     * The rate of {@code tenor} in force on {@code date}, in percent per annum (e.g. {@code 3.45}).
     *
     * @throws LprNotAvailableException when {@code date} precedes the first entry
     */
    public BigDecimal rateOn(LocalDate date, Tenor tenor) {
        return entryOn(date).percent(tenor);
    }

    /** A new table with {@code entry} added, replacing an entry with the same effective date. This table is unchanged. */
    public LprTable withEntry(LprEntry entry) {
        TreeMap<LocalDate, LprEntry> copy = new TreeMap<>(entries);
        copy.put(entry.effectiveFrom(), entry);
        return new LprTable(copy);
    }

    /** A new table without the entry effective on {@code effectiveFrom} (no change when there is none). */
    public LprTable withoutEntry(LocalDate effectiveFrom) {
        TreeMap<LocalDate, LprEntry> copy = new TreeMap<>(entries);
        copy.remove(effectiveFrom);
        return new LprTable(copy);
    }

    /** All entries, oldest first. */
    public List<LprEntry> entries() {
        return entries.values().stream().sorted(Comparator.comparing(LprEntry::effectiveFrom)).toList();
    }
}
