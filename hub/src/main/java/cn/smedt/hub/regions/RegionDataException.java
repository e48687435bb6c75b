package cn.smedt.hub.regions;

/** The region reference data could not be loaded. */
public class RegionDataException extends RuntimeException {

    public RegionDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
