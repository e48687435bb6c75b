package cn.smedt.hub.industries;

/** The industry catalogue ({@code reference/industries.yaml}) is missing or inconsistent: the hub does not start. */
public class IndustryDataException extends RuntimeException {

    public IndustryDataException(String message) {
        super(message);
    }
}
