package cn.smedt.hub.gateway;

/** Camel header names the gateway sets on the exchange it hands to a flow route {@code direct:<operationId>}. */
public final class PartnerCall {

    /** The authenticated {@link Partner}. */
    public static final String PARTNER = "HubPartner";
    /** The operationId from the contract. */
    public static final String OPERATION_ID = "HubOperationId";
    /** Prefix of path parameters, e.g. {@code HubPath.loanId}. */
    public static final String PATH_PREFIX = "HubPath.";
    /** Prefix of query parameters declared by the operation and given, e.g. {@code HubQuery.limit} (first value). */
    public static final String QUERY_PREFIX = "HubQuery.";
    /** The request's content type. */
    public static final String CONTENT_TYPE = "HubContentType";

    private PartnerCall() {
    }
}
