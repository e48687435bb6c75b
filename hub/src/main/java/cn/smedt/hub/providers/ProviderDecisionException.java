package cn.smedt.hub.providers;

/** A stored provider or chain-case report lacks its decision (it is decided in the report's own transaction). */
class ProviderDecisionException extends RuntimeException {

    ProviderDecisionException(String message) {
        super(message);
    }
}
