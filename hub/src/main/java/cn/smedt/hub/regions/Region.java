package cn.smedt.hub.regions;

/**
 * An administrative division (or a development zone) the hub knows.
 *
 * @param code   6-digit GB/T 2260 code, statistical zone code, or hub-local id starting with {@code X}
 * @param name   Chinese name, e.g. 巩义市
 * @param level  province, city or county level
 * @param parent code of the enclosing region, null for a province
 * @param zone   true for a development zone (经开区, 高新区, ...) rather than a GB/T 2260 division
 */
public record Region(String code, String name, RegionLevel level, String parent, boolean zone) {
}
