package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.Partner;

/**
 * A request whose signature verified.
 *
 * @param partner the caller
 * @param keyId   the key it signed with
 * @param label   the signature label the hub's response signature is bound to
 */
public record AuthenticatedCall(Partner partner, String keyId, String label) {
}
