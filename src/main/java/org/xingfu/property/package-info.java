/**
 * 物业服务: property companies with their party organisation (红色物业), service contracts per compound, the coverage
 * figure (exclusive area under professional service); evaluation by residents' satisfaction surveys (opened by
 * link or QR code, one answer per household and period) and inspection check-lists, giving a score and stars per
 * compound and company; the yearly excellence awards with a proposed list in publicity before the final one; and
 * 公益物业, the welfare property teams of old compounds with their roster, work logs and monthly stipends.
 */
@org.springframework.modulith.ApplicationModule(displayName = "物业服务 Property service")
package org.xingfu.property;
