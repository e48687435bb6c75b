package cn.smedt.hub.regions;

/** Level of an administrative division; enterprises and records belong to a county-level region. */
public enum RegionLevel {
    PROVINCE, CITY, COUNTY
}
