package cn.smedt.simulators.cli;

import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.Signers;
import cn.smedt.simulators.partners.HubClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * One signed GET to a hub as a demo partner (its PEM key of {@code --keys}, key id {@code <partner>-key-1}), the
 * answer printed as JSON: e.g. to verify a county pack's import.
 *
 * <pre>bin/hub-get --partner demo-gov-jh '/api/v1/packs/imports?pack=zhejiang/jinhua/dongyang'</pre>
 */
@Command(name = "hub-get", mixinStandardHelpOptions = true,
        description = "One signed GET to the hub as a demo partner; prints the answer.")
public final class HubGetCommand implements Callable<Integer> {

    @Option(names = "--hub", defaultValue = "http://127.0.0.1:8080", description = "hub base URL (${DEFAULT-VALUE})")
    URI hub;

    @Option(names = "--keys", defaultValue = "data/demo-keys", description = "the partners' private keys (PEM)")
    Path keys;

    @Option(names = "--partner", required = true, description = "partner id, e.g. demo-gov-jh")
    String partner;

    @Parameters(index = "0", description = "path and query, e.g. /api/v1/enterprises/91330783MA2D00001K")
    String path;

    @Override
    public Integer call() throws Exception {
        Path key = keys.resolve(partner + "-private.pem");
        if (!key.toFile().isFile()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "no key " + key);
        }
        HubClient client = new HubClient(hub, Signers.create(SignatureAlgorithm.SM2_SM3, PemKeys.readPrivateKey(key),
                partner + "-key-1"));
        HubClient.Answer answer = client.get(path);
        System.out.println(answer.status());
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer.body()));
        return answer.ok() ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HubGetCommand()).execute(args));
    }
}
