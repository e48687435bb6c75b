package cn.smedt.connectors.govauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Appends the IRS {@code appKey}, {@code requestTime} and {@code sign} parameters to the {@link Exchange#HTTP_QUERY}
 * of an outgoing camel-http call (keeping any query already there).
 */
public final class IrsSignProcessor implements Processor {

    private final IrsSigner signer;

    public IrsSignProcessor(IrsSigner signer) {
        this.signer = signer;
    }

    @Override
    public void process(Exchange exchange) {
        var message = exchange.getMessage();
        String signed = signer.queryParameters().entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String existing = message.getHeader(Exchange.HTTP_QUERY, String.class);
        message.setHeader(Exchange.HTTP_QUERY, existing == null || existing.isBlank() ? signed : existing + "&" + signed);
    }
}
