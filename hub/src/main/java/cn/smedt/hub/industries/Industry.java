package cn.smedt.hub.industries;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of the industry catalogue ({@code reference/industries.yaml}).
 *
 * @param code   stable code stored with each enterprise, e.g. {@code ZJ-09} or {@code ZZ-REFRACTORIES}
 * @param name   its name as the source document gives it, e.g. 汽车零部件及配件制造
 * @param group  the first-level group of a Zhejiang sub-industry ({@code ZJ-G05}); absent otherwise
 * @param region the region it may be used in (the enterprise's county must lie inside it)
 * @param pilot  a pilot industry of its city (Wuhan, Zhengzhou); absent when the source names none
 * @param within for a county-local industry, the Zhejiang sub-industry it falls under; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Industry(String code, String name, String group, String region, Boolean pilot, String within) {
}
