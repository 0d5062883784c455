/**
 * 双向清单: partner units' resource lists and compounds' demand lists, matched by category, area and capacity; a
 * unit claims a demand, delivers, the compound confirms, and the practical matter (实事) goes on the unit's and its
 * alliance's ledger. Monthly dispatch lists and the bi-monthly circulation report (.xlsx) follow the Jilin practice.
 */
@org.springframework.modulith.ApplicationModule(displayName = "双向清单 Two-way lists")
package org.xingfu.matching;
