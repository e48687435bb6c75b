package cn.smedt.hub.storage;

/**
 * A row that a concurrent insert had just created (so this one lost the race) cannot be read back: it was deleted
 * in between, or the unique key that refused the insert was another one. Not a partner's mistake: an internal error.
 */
public class RowVanishedException extends RuntimeException {

    public RowVanishedException(String message) {
        super(message);
    }
}
