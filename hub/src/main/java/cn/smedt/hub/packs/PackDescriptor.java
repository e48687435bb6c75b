package cn.smedt.hub.packs;

import java.io.InputStream;
import java.util.List;

/**
 * A pack's {@code pack.yaml}: which region the pack serves. Read by the policy loader (a policy's region must be its
 * pack's) and by the pack intake (a pack registers enterprises of its region only).
 *
 * @param region     the region code the pack serves (GB/T 2260, or a hub-local zone id)
 * @param name       the region's name
 * @param parent     the parent region's code; absent for a province
 * @param industries local industry ids the pack's policy and mapping use; may be absent
 */
public record PackDescriptor(String region, String name, String parent, List<Industry> industries) {

    /**
     * A local industry.
     *
     * @param id   its id, e.g. {@code YK-SECURITY-DOOR}
     * @param name its name
     */
    public record Industry(String id, String name) {
    }

    /**
     * Reads a {@code pack.yaml}.
     *
     * @param in   the document (UTF-8); not closed
     * @param file its origin, for messages
     * @throws PackDefinitionException when it does not bind or has no region
     */
    public static PackDescriptor read(InputStream in, String file) {
        PackYaml.Bound<PackDescriptor> pack = PackYaml.read(in, file, PackDescriptor.class);
        if (pack.value().region() == null || pack.value().region().isBlank()) {
            throw pack.fail("region", "missing required field");
        }
        return pack.value();
    }
}
