package cn.smedt.hub.packs;

/** A county pack is incomplete or malformed (missing pack.yaml or mapping.yaml). */
class PackDefinitionException extends RuntimeException {

    PackDefinitionException(String message) {
        super(message);
    }
}
