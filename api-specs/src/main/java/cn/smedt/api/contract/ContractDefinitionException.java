package cn.smedt.api.contract;

/** A contract file cannot be read or uses OpenAPI/JSON Schema features the checker does not enforce. */
public class ContractDefinitionException extends RuntimeException {

    public ContractDefinitionException(String message) {
        super(message);
    }

    public ContractDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
