package cn.smedt.hub.audit;

import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.Verifiers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Offline check of a stopped hub's audit log (bin/audit-verify):
 * {@code AuditVerifyCommand <jdbc-url> <user> <password> <hub-public-key.pem> <algorithm>}. Prints the report;
 * exit code 0 when the log verifies, 1 when it was tampered with, 2 on usage errors.
 */
public final class AuditVerifyCommand {

    private AuditVerifyCommand() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** Runs the check; returns the exit code. */
    public static int run(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: AuditVerifyCommand <jdbc-url> <user> <password> <hub-public-key.pem> <algorithm>");
            return 2;
        }
        SignatureAlgorithm algorithm = SignatureAlgorithm.fromToken(args[4]).orElseThrow(() ->
                new AuditVerificationException("unknown algorithm " + args[4]));
        AuditVerifier verifier = new AuditVerifier(Verifiers.create(algorithm, PemKeys.readPublicKey(Path.of(args[3]))));
        AuditReport report;
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
            report = verifier.verify(connection);
        }
        System.out.println((report.ok() ? "OK: " : "TAMPERED (" + report.reason() + " at entry " + report.firstBadSeq()
                + "): ") + report.detail());
        return report.ok() ? 0 : 1;
    }
}
