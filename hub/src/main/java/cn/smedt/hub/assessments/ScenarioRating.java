package cn.smedt.hub.assessments;

/**
 * One of the 16 business scenarios of the MIIT 2024 index, as the assessor rated it.
 *
 * @param scenario scenario code (upper-case identifier chosen by the index, e.g. {@code PRODUCTION_SCHEDULING})
 * @param rating   rating 1-4
 */
public record ScenarioRating(String scenario, int rating) {
}
