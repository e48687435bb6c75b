package cn.smedt.hub.policy;

import java.util.List;

/** How regions nest, as the policy lookup needs it; implemented by the region directory. */
@FunctionalInterface
public interface RegionAncestry {

    /**
     * The region itself followed by its ancestors, nearest first: {@code 330784 -> [330784, 330700, 330000]};
     * a development zone's hub-local id gives its city next ({@code X41ZDX -> [X41ZDX, 410100, 410000]}).
     * Unknown codes give {@code [code]}.
     */
    List<String> selfAndAncestors(String code);
}
