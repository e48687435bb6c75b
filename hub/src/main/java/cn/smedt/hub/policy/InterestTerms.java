package cn.smedt.hub.policy;

/**
 * Terms of an INTEREST rule ({@code interest:} in the YAML).
 *
 * @param maxYears        subsidised window from the loan start, in years (actual term if shorter)
 * @param dayCount        day-count divisor of the annual rate (360: Chinese bank convention)
 * @param tenorUpTo5Years LPR tenor for loans whose term is at most 5 years
 * @param longer          LPR tenor for loans whose term is longer than 5 years
 */
public record InterestTerms(int maxYears, int dayCount, Tenor tenorUpTo5Years, Tenor longer) {
}
