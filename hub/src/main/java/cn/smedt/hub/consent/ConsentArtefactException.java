package cn.smedt.hub.consent;

/** A consent document the hub cannot write or read back (a bug: the hub wrote the payload itself). */
class ConsentArtefactException extends RuntimeException {

    ConsentArtefactException(String message, Throwable cause) {
        super(message, cause);
    }
}
