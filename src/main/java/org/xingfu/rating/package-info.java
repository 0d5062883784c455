/**
 * 八好 rating and 幸福小区 designation (domain.md section 13): eight editable goal dimensions, indicators computed
 * from the other modules' statistics ({@link org.xingfu.shared.NodeStatistics}) or scored by inspectors in the
 * quarterly inspection, the half-year site review and the year-end assessment, weights to 100 points and star
 * levels; the designation runs from the compound's self-assessment through the street's review and the city's
 * re-check to a proposed list in publicity and the final list.
 */
@org.springframework.modulith.ApplicationModule(displayName = "八好评星 Rating")
package org.xingfu.rating;
