package cn.smedt.hub.kernel;

/**
 * Stable error codes of the partner API. The {@code code} string is part of the contract: partners branch on it,
 * so a code is never renamed or reused for another meaning. Listed in docs/errors.md.
 */
public enum ProblemCode {
    // authentication (the request is not provably from a known partner)
    SIGNATURE_MISSING("signature-missing", 401, "Request signature missing"),
    SIGNATURE_MALFORMED("signature-malformed", 401, "Request signature malformed"),
    SIGNATURE_COMPONENT_MISSING("signature-component-missing", 401, "Signature does not cover a required component"),
    SIGNATURE_ALGORITHM_UNSUPPORTED("signature-algorithm-unsupported", 401, "Signature algorithm not supported"),
    SIGNATURE_ALGORITHM_MISMATCH("signature-algorithm-mismatch", 401, "Signature algorithm does not match the key"),
    SIGNATURE_INVALID("signature-invalid", 401, "Signature does not verify"),
    SIGNATURE_EXPIRED("signature-expired", 401, "Signature created too long ago"),
    SIGNATURE_FROM_FUTURE("signature-created-in-future", 401, "Signature created in the future"),
    NONCE_MISSING("nonce-missing", 401, "Signature has no nonce"),
    NONCE_REPLAYED("nonce-replayed", 401, "Nonce already used"),
    KEY_UNKNOWN("key-unknown", 401, "Signing key unknown"),
    KEY_NOT_VALID("key-not-valid", 401, "Signing key outside its validity period"),
    KEY_MALFORMED("key-malformed", 401, "Signing key unusable"),
    /** The operator revoked the key (revokePartnerKey, docs/partner-registry.md): refused on every node. */
    KEY_REVOKED("key-revoked", 401, "Signing key revoked"),
    DIGEST_MISSING("digest-missing", 400, "Content-Digest missing"),
    DIGEST_MALFORMED("digest-malformed", 400, "Content-Digest malformed"),
    DIGEST_UNSUPPORTED("digest-unsupported", 400, "Content-Digest algorithm not supported"),
    DIGEST_MISMATCH("digest-mismatch", 400, "Content-Digest does not match the body"),
    // authorisation
    SCOPE_DENIED("scope-denied", 403, "Partner lacks the scope for this operation"),
    REGION_DENIED("region-denied", 403, "Region outside the partner's regions"),
    PARTNER_TYPE_DENIED("partner-type-denied", 403, "Partner type may not call this operation"),
    /** The operator suspended the partner (suspendPartner): its signed calls are refused on every node. */
    PARTNER_SUSPENDED("partner-suspended", 403, "Partner suspended"),
    RATE_LIMITED("rate-limited", 429, "Rate limit exceeded"),
    // the request against the contract
    OPERATION_UNKNOWN("operation-unknown", 404, "No such operation"),
    BODY_TOO_LARGE("body-too-large", 413, "Request body too large"),
    /** Refused by the HTTP layer before the gateway saw it (e.g. an encoded '/' or NUL in the path). */
    REQUEST_REJECTED("request-rejected", 400, "Request rejected by the HTTP layer"),
    MEDIA_TYPE_UNSUPPORTED("media-type-unsupported", 415, "Content type not accepted by this operation"),
    JSON_MALFORMED("json-malformed", 400, "Body is not well-formed JSON"),
    JSON_TOO_DEEP("json-too-deep", 400, "JSON nested too deeply"),
    VALIDATION_FAILED("validation-failed", 400, "Request does not match the contract"),
    IDEMPOTENCY_KEY_MISSING("idempotency-key-missing", 400, "Idempotency-Key header required on writes"),
    IDEMPOTENCY_KEY_MALFORMED("idempotency-key-malformed", 400, "Idempotency-Key header malformed"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 422, "Idempotency-Key already used with another body"),
    IDEMPOTENCY_IN_PROGRESS("idempotency-in-progress", 409, "A request with this Idempotency-Key is in progress"),
    // domain
    USCC_INVALID("uscc-invalid", 400, "Unified social credit code invalid"),
    REGION_UNKNOWN("region-unknown", 400, "Region code unknown"),
    REGION_NOT_COUNTY("region-not-county", 400, "Enterprises belong to a county-level region"),
    /** The industry code is not in the hub's catalogue (listIndustries). */
    INDUSTRY_UNKNOWN("industry-unknown", 400, "Industry code not in the hub's industry catalogue"),
    /** County packs: a record's value has no entry in the mapping's value table (never passed through). */
    MAPPING_VALUE_UNKNOWN("mapping-value-unknown", 422, "County value not in the pack's mapping table"),
    /** County packs: a transform of the mapping cannot apply to the record's value (e.g. not a date). */
    MAPPING_VALUE_INVALID("mapping-value-invalid", 422, "County value cannot be transformed as the mapping says"),
    ENTERPRISE_NOT_FOUND("enterprise-not-found", 404, "Enterprise not registered"),
    ENTERPRISE_NOT_REGISTERED("enterprise-not-registered", 422, "Enterprise must be registered first"),
    ENTERPRISE_NOT_IN_PILOT("enterprise-not-in-pilot-list", 422, "Enterprise is not in the programme's project library"),
    NO_SUBSIDY_POLICY("no-subsidy-policy", 422, "No subsidy policy of this kind covers the enterprise's region"),
    LOAN_CONFLICT("loan-conflict", 409, "Loan already submitted with other data"),
    LOAN_NOT_FOUND("loan-not-found", 404, "No such loan of this bank"),
    LOAN_DATES_INVALID("loan-dates-invalid", 400, "Loan dates inconsistent"),
    PERIOD_INVALID("period-invalid", 400, "Interest period inconsistent"),
    PERIOD_CONFLICT("period-conflict", 409, "Interest period already submitted with other data"),
    /** An interest period shares days with another stored period of the loan (other than the same dates). */
    PERIOD_OVERLAP("period-overlap", 409, "Interest period overlaps another period of the loan"),
    DATE_RANGE_INVALID("date-range-invalid", 400, "Date range ends before it starts or is too long"),
    PROVIDER_NOT_FOUND("provider-not-found", 404, "No such service provider visible to this partner"),
    PROVIDER_CONFLICT("provider-conflict", 409, "Service provider already registered with other data"),
    PROVIDER_FEES_CONFLICT("provider-fees-conflict", 409, "Service-fee report already submitted with other data"),
    CHAIN_CASE_CONFLICT("chain-case-conflict", 409, "Chain case already reported with other data"),
    // transformation projects (projects.yaml)
    PROJECT_NOT_FOUND("project-not-found", 404, "No such project visible to this partner"),
    PROJECT_CONFLICT("project-conflict", 409, "Project already registered with other data"),
    /** The enterprise has a project and its policy refuses a second one (policy.yaml projects.secondProject). */
    PROJECT_NOT_ALLOWED("project-not-allowed", 422, "The policy allows the enterprise no second project"),
    PROJECT_FACT_CONFLICT("project-fact-conflict", 409, "The project's diagnosis, contract or stage start was recorded with other data"),
    PROJECT_STAGE_INVALID("project-stage-invalid", 422, "Stage outside the project's planned stages"),
    /** An acceptance names a project of another enterprise's or of another track. */
    PROJECT_MISMATCH("project-mismatch", 422, "The project is of another track than the acceptance"),
    TRACK_UNKNOWN("track-unknown", 422, "Track not named by the region's policy"),
    BATCH_NOT_FOUND("batch-not-found", 404, "No such batch job of this partner"),
    DEAD_LETTER_NOT_FOUND("dead-letter-not-found", 404, "No such dead letter on this node"),
    DEAD_LETTER_NOT_REPLAYABLE("dead-letter-not-replayable", 409, "Dead letter does not name its original queue"),
    // assessments, acceptances, cloud adoption
    ASSESSOR_NOT_QUALIFIED("assessor-not-qualified", 403, "Assessor not qualified on the date of the record"),
    SCORES_INCONSISTENT("scores-inconsistent", 422, "Score parts do not add up to the total"),
    DATE_IN_FUTURE("date-in-future", 422, "Date lies in the future"),
    ASSESSMENT_CONFLICT("assessment-conflict", 409, "Assessment already submitted with other data"),
    ACCEPTANCE_CONFLICT("acceptance-conflict", 409, "Acceptance already submitted with other data"),
    ACCEPTANCE_NOT_FOUND("acceptance-not-found", 404, "No such acceptance visible to this partner"),
    CLOUD_ADOPTION_NOT_FOUND("cloud-adoption-not-found", 404, "No cloud adoption reported for this enterprise"),
    // data-use consents of banks (docs/consent.md)
    CONSENT_NOT_FOUND("consent-not-found", 404, "No such consent visible to this partner"),
    CONSENT_INVALID("consent-invalid", 422, "Consent terms inconsistent"),
    CONSENT_GRANTOR_DENIED("consent-grantor-denied", 403,
            "Only the enterprise itself, or the government platform on its recorded instruction, grants or revokes"),
    CONSENT_REVOKED("consent-revoked", 403, "Consent revoked"),
    CONSENT_EXPIRED("consent-expired", 403, "Consent outside its validity"),
    CONSENT_SCOPE_EXCEEDED("consent-scope-exceeded", 403, "Request outside the consent's purpose, categories or data period"),
    CONSENT_FREQUENCY_EXCEEDED("consent-frequency-exceeded", 429, "Consent's fetch frequency exhausted"),
    // the partner registry at run time (docs/partner-registry.md)
    PARTNER_NOT_FOUND("partner-not-found", 404, "No such partner, or no such key of the partner"),
    PARTNER_CONFLICT("partner-conflict", 409, "Partner id already registered with other data"),
    KEY_CONFLICT("key-conflict", 409, "Key id already registered with another key"),
    PARTNER_INVALID("partner-invalid", 422, "Partner or key definition inconsistent"),
    OPERATION_NOT_IMPLEMENTED("operation-not-implemented", 501, "Operation in the contract but not yet served by this hub"),
    FEDERATION_NO_PARENT("federation-no-parent", 409, "This hub node has no parent to roll up to"),
    ON_BEHALF_OF_DENIED("on-behalf-of-denied", 403, "Only a neighbouring hub node may call on behalf of a partner"),
    FEDERATION_UNREACHABLE("federation-unreachable", 502, "The hub node that owns the record cannot be reached"),
    STORAGE_UNAVAILABLE("storage-unavailable", 503, "Storage temporarily unavailable"),
    INTERNAL_ERROR("internal-error", 500, "Internal error");

    private final String code;
    private final int status;
    private final String title;

    ProblemCode(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    /** The code whose string is {@code code}, if any. */
    public static java.util.Optional<ProblemCode> of(String code) {
        for (ProblemCode candidate : values()) {
            if (candidate.code.equals(code)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    /** The stable code string, e.g. {@code nonce-replayed}. */
    public String code() {
        return code;
    }

    /** The HTTP status that goes with it. */
    public int status() {
        return status;
    }

    /** Short, fixed human-readable summary (RFC 9457 {@code title}). */
    public String title() {
        return title;
    }

    /**
     * Seconds for the {@code Retry-After} header of an answer with this code, or 0 for none: only where the same
     * request can succeed later (storage back, rate window passed).
     */
    public int retryAfterSeconds() {
        return switch (this) {
            case STORAGE_UNAVAILABLE -> 5;
            case RATE_LIMITED -> 1;
            default -> 0;
        };
    }
}
