package cn.smedt.hub.industries;

/**
 * A first-level group of the Zhejiang catalogue (seed 003, annex 2 一级目录).
 *
 * @param code   {@code ZJ-G01} .. in the annex's order
 * @param name   e.g. 节能与新能源汽车及零部件
 * @param region where it applies ({@code 330000})
 */
public record IndustryGroup(String code, String name, String region) {
}
