package cn.smedt.hub.packs;

/** A county pack is incomplete or malformed (missing pack.yaml or mapping.yaml). */
public class PackDefinitionException extends RuntimeException {

    public PackDefinitionException(String message) {
        super(message);
    }
}
