package cn.smedt.security.signature;

import cn.smedt.security.structured.StructuredFieldException;
import cn.smedt.security.structured.StructuredFields;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Signing and verifying HTTP messages (RFC 9421) with {@code Signature-Input} and {@code Signature} fields. */
public final class HttpMessageSignatures {

    public static final String SIGNATURE_INPUT = "Signature-Input";
    public static final String SIGNATURE = "Signature";

    /** Full field values for one signature: {@code sig1=(...);created=...} and {@code sig1=:base64:}. */
    public record SignedHeaders(String signatureInput, String signature) {
    }

    /** One signature read from a message. */
    public record ParsedSignature(String label, SignatureParameters params, byte[] signature) {
        public ParsedSignature {
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    /** What a signature label may be. */
    private static final Pattern LABEL = Pattern.compile("[a-z*][a-z0-9_.*-]*");

    private HttpMessageSignatures() {
    }

    /**
     * Signs the message.
     *
     * @param relatedRequest the request a response answers (for {@code ;req} components), or null
     */
    public static SignedHeaders sign(HttpMessage message, HttpMessage relatedRequest, String label,
            SignatureParameters params, MessageSigner signer) throws SignatureCheckException {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED, "invalid signature label: " + label);
        }
        if (params.alg() != null && !params.alg().equals(signer.algorithm().token())) {
            throw new SignatureCheckException(Failure.ALGORITHM_MISMATCH,
                    "alg=" + params.alg() + " but the signer uses " + signer.algorithm().token());
        }
        byte[] base = SignatureBase.build(params, message, relatedRequest);
        byte[] sig = signer.sign(base);
        return new SignedHeaders(label + "=" + params.serialize(),
                label + "=:" + Base64.getEncoder().encodeToString(sig) + ":");
    }

    /**
     * Reads the signature with the label (null: the first member of {@code Signature-Input}) from the field values.
     */
    public static ParsedSignature parse(String signatureInputHeader, String signatureHeader, String label)
            throws SignatureCheckException {
        boolean noInput = signatureInputHeader == null || signatureInputHeader.isBlank();
        boolean noSignature = signatureHeader == null || signatureHeader.isBlank();
        if (noInput || noSignature) {
            throw new SignatureCheckException(Failure.SIGNATURE_MISSING,
                    noInput && noSignature ? "no Signature-Input and Signature fields"
                            : (noInput ? "no Signature-Input field" : "no Signature field"));
        }
        Map<String, SignatureParameters> inputs = SignatureParameters.parseSignatureInput(signatureInputHeader);
        Map<String, StructuredFields.Entry> signatures;
        try {
            signatures = StructuredFields.parseDictionary(signatureHeader.trim());
        } catch (StructuredFieldException e) {
            throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED, "Signature: " + e.getMessage());
        }
        String chosen = label;
        if (chosen == null) {
            Optional<String> first = inputs.keySet().stream().findFirst();
            if (first.isEmpty()) {
                throw new SignatureCheckException(Failure.SIGNATURE_MISSING, "Signature-Input has no members");
            }
            chosen = first.get();
        }
        SignatureParameters params = inputs.get(chosen);
        StructuredFields.Entry sig = signatures.get(chosen);
        if (params == null && sig == null) {
            throw new SignatureCheckException(Failure.SIGNATURE_MISSING, "no signature labelled " + chosen);
        }
        if (params == null || sig == null) {
            throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED,
                    "label " + chosen + " is in " + (params == null ? "Signature" : "Signature-Input") + " only");
        }
        if (!(sig.member() instanceof StructuredFields.Item item)
                || !(item.value() instanceof StructuredFields.ByteSequence bytes)) {
            throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED,
                    "Signature member " + chosen + " is not a byte sequence");
        }
        return new ParsedSignature(chosen, params, bytes.bytes());
    }

    /**
     * Verifies the signature over the message. Checks neither {@code created} windows nor nonces: that is replay
     * protection, done by the caller.
     */
    public static void verify(ParsedSignature sig, HttpMessage message, HttpMessage relatedRequest,
            MessageVerifier verifier) throws SignatureCheckException {
        String alg = sig.params().alg();
        if (alg != null) {
            if (SignatureAlgorithm.fromToken(alg).isEmpty()) {
                throw new SignatureCheckException(Failure.ALGORITHM_UNSUPPORTED, "alg " + alg + " is not supported");
            }
            if (!alg.equals(verifier.algorithm().token())) {
                throw new SignatureCheckException(Failure.ALGORITHM_MISMATCH,
                        "alg=" + alg + " but the key is for " + verifier.algorithm().token());
            }
        }
        byte[] base = SignatureBase.build(sig.params(), message, relatedRequest);
        if (!verifier.verify(base, sig.signature())) {
            throw new SignatureCheckException(Failure.SIGNATURE_INVALID,
                    "signature " + sig.label() + " does not verify with the " + verifier.algorithm().token() + " key");
        }
    }
}
