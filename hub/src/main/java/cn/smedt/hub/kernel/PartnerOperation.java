package cn.smedt.hub.kernel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of a Spring bean that serves one partner operation of the contracts (api-specs), by its
 * operationId. The method takes one {@link PartnerRequest} and returns an {@link ApiReply}; it is called by the
 * gateway after verification, scope, idempotency, contract and region checks, inside the write's transaction. The
 * gateway collects these methods at start-up and refuses to start on two handlers for one operationId, on a handler
 * of an operationId that is in no contract, or on a method of another shape. An operation of the contracts without
 * a handler answers {@code 501 operation-not-implemented}.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface PartnerOperation {

    /** The operationId in the contract, e.g. {@code submitLoan}. */
    String value();
}
