package cn.smedt.hub.consent;

import cn.smedt.hub.consent.Consent.SignedArtefact;
import cn.smedt.hub.kernel.HubDocumentSigner;
import cn.smedt.hub.kernel.HubIdentity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The consent artefact: the consent document (JSON, its bytes kept as signed), signed by the hub key
 * ({@link HubDocumentSigner}, SM2 with SM3 by default) so that a bank, the enterprise or a court verifies it offline with
 * the hub's public key (/.well-known/hub-keys), e.g. with OpenSSL (docs/consent.md).
 */
@Component
class ConsentArtefacts {

    /** Version of the consent document format. */
    static final String VERSION = "1.0";

    private final HubIdentity hub;
    private final HubDocumentSigner signer;
    private final ObjectMapper json;

    ConsentArtefacts(HubIdentity hub, HubDocumentSigner signer, ObjectMapper json) {
        this.hub = hub;
        this.signer = signer;
        this.json = json;
    }

    /** Signs the document ({@link HubDocumentSigner}): its bytes become the payload, signed as they are. */
    SignedArtefact sign(ObjectNode document) {
        HubDocumentSigner.SignedDocument signed = signer.sign(document);
        return new SignedArtefact(signed.payload(), signed.signature().keyId(), signed.signature().alg(),
                signed.signature().value());
    }

    /** A new consent document with the fields every consent has (docs/consent.md, "The artefact"). */
    ObjectNode document(String consentId, Instant issuedAt) {
        ObjectNode document = json.createObjectNode();
        document.put("version", VERSION);
        document.put("consentId", consentId);
        document.put("issuedAt", issuedAt.toString());
        document.putObject("issuer").put("keyid", hub.keyId()).put("alg", hub.algorithm().token());
        return document;
    }

    /** The artefact as answered: consentId, payload, signature and the document parsed (for reading only). */
    ObjectNode view(String consentId, SignedArtefact artefact) {
        ObjectNode view = json.createObjectNode();
        view.put("consentId", consentId);
        view.put("payload", artefact.payload());
        view.putObject("signature").put("keyid", artefact.keyId()).put("alg", artefact.algorithm())
                .put("value", artefact.signature());
        view.set("consent", parsed(artefact));
        return view;
    }

    /** The consent view: status, revocation, artefact and (when given) the accesses made under it. */
    ObjectNode view(Consent consent, Instant now, List<ConsentAccessRecord> accesses) {
        ObjectNode view = json.createObjectNode();
        view.put("consentId", consent.consentId());
        view.put("status", consent.status(now));
        if (consent.revokedAt() != null) {
            view.put("revokedAt", consent.revokedAt().toString());
            view.put("revokedBy", consent.revokedBy());
        }
        view.set("artefact", view(consent.consentId(), consent.artefact()));
        if (accesses != null) {
            var list = view.putArray("accesses");
            for (ConsentAccessRecord access : accesses) {
                ObjectNode node = list.addObject();
                node.put("accessId", access.accessId());
                node.put("at", access.at().toString());
                node.put("bankId", access.bankId());
                node.put("purpose", access.purpose());
                access.categories().forEach(node.putArray("categories")::add);
                node.put("from", access.from().toString());
                node.put("to", access.to().toString());
                node.put("auditSeq", access.auditSeq());
            }
        }
        return view;
    }

    /** The consent document of the artefact, parsed. */
    JsonNode parsed(SignedArtefact artefact) {
        try {
            return json.readTree(Base64.getDecoder().decode(artefact.payload()));
        } catch (IOException e) {
            throw new ConsentArtefactException("cannot read back consent " + artefact.payload(), e);
        }
    }
}
