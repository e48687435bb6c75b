package cn.smedt.hub.enterprises;

import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.regions.RegionDirectory;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The import runs of the county packs (tables {@code pack_import_run}, {@code pack_import_refusal}, Flyway V60):
 * recorded by {@link PackIntake} after each poll, webhook call or file, listed by operation {@code listPackImports}
 * (the packs of the partner's regions, newest first, each refusal with USCC, field, value and code) and, as counts,
 * by the dashboard's connector panel. Stored in the database, so every node of a cluster lists the same runs.
 */
@Component
public class PackImportRuns {

    /** Runs kept per pack in a listing. */
    static final int LISTED = 20;

    private final JdbcTemplate jdbc;
    private final RegionDirectory regions;

    PackImportRuns(JdbcTemplate jdbc, RegionDirectory regions) {
        this.jdbc = jdbc;
        this.regions = regions;
    }

    /**
     * One refused record of a run.
     *
     * @param uscc   the record's USCC as the platform sent it (may be invalid or empty)
     * @param field  the canonical field refused (JSON pointer), empty when the record as a whole is
     * @param value  the value refused (the county's value for a mapping refusal)
     * @param code   the problem code (docs/errors.md)
     * @param detail why
     */
    public record Refusal(String uscc, String field, String value, String code, String detail) {
    }

    /**
     * A finished run.
     *
     * @param runId      its id
     * @param pack       the pack
     * @param region     the pack's county
     * @param source     where the records came from (URL, file, webhook)
     * @param startedAt  start
     * @param finishedAt end
     * @param records    records in the answer
     * @param imported   registered (created, updated or unchanged)
     * @param refusals   refused records
     * @param problem    why the run imported nothing at all (e.g. mapping.yaml unusable), else null
     */
    public record Run(String runId, String pack, String region, String source, Instant startedAt, Instant finishedAt,
                      int records, int imported, List<Refusal> refusals, String problem) {
    }

    @Transactional
    void record(Run run) {
        jdbc.update("""
                insert into pack_import_run (run_id, pack, region_code, source, started_at, finished_at, records,
                                             imported, refused, problem)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                run.runId(), run.pack(), run.region(), clip(run.source(), 1000), Timestamp.from(run.startedAt()),
                Timestamp.from(run.finishedAt()), run.records(), run.imported(), run.refusals().size(),
                clip(run.problem(), 2000));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < run.refusals().size(); i++) {
            Refusal r = run.refusals().get(i);
            rows.add(new Object[] {run.runId(), i, clip(r.uscc(), 64), clip(r.field(), 200), clip(r.value(), 500),
                    r.code(), clip(r.detail(), 2000)});
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into pack_import_refusal (run_id, position, uscc, field, county_value, code, detail)
                    values (?, ?, ?, ?, ?, ?, ?)""", rows);
        }
    }

    /** The last runs of each pack whose county lies in one of {@code regionCodes}, newest first. */
    public List<Map<String, Object>> lastRuns(List<String> regionCodes, String pack, boolean withRefusals) {
        List<Map<String, Object>> runs = new ArrayList<>();
        Map<String, Integer> perPack = new LinkedHashMap<>();
        String sql = "select * from pack_import_run" + (pack == null ? "" : " where pack = ?")
                + " order by pack, started_at desc, run_id";
        Object[] args = pack == null ? new Object[0] : new Object[] {pack};
        jdbc.query(sql, rs -> {
            String runPack = rs.getString("pack");
            if (!regions.withinAny(rs.getString("region_code"), regionCodes)
                    || perPack.merge(runPack, 1, Integer::sum) > LISTED) {
                return;
            }
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("runId", rs.getString("run_id"));
            run.put("pack", runPack);
            run.put("regionCode", rs.getString("region_code"));
            run.put("source", rs.getString("source"));
            run.put("startedAt", rs.getTimestamp("started_at").toInstant().toString());
            run.put("finishedAt", rs.getTimestamp("finished_at").toInstant().toString());
            run.put("records", rs.getInt("records"));
            run.put("imported", rs.getInt("imported"));
            run.put("refused", rs.getInt("refused"));
            if (rs.getString("problem") != null) {
                run.put("problem", rs.getString("problem"));
            }
            runs.add(run);
        }, args);
        if (withRefusals) {
            for (Map<String, Object> run : runs) {
                run.put("refusals", refusals((String) run.get("runId")));
            }
        }
        return runs;
    }

    private List<Map<String, Object>> refusals(String runId) {
        return jdbc.query("select * from pack_import_refusal where run_id = ? order by position", (rs, i) -> {
            Map<String, Object> refusal = new LinkedHashMap<>();
            refusal.put("uscc", rs.getString("uscc"));
            refusal.put("field", rs.getString("field"));
            refusal.put("value", rs.getString("county_value"));
            refusal.put("code", rs.getString("code"));
            refusal.put("detail", rs.getString("detail"));
            return refusal;
        }, runId);
    }

    /** Operation listPackImports: the last runs of the packs in the partner's regions (optionally one pack). */
    @PartnerOperation("listPackImports")
    public ApiReply list(PartnerRequest request) {
        Partner partner = request.partner();
        return ApiReply.ok(lastRuns(List.copyOf(partner.regions()), request.queryParam("pack"), true));
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
