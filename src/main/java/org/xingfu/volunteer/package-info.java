/**
 * 志愿者与积分: the points ledger volunteers earn by fulfilled wishes (and, to come, confirmed practical matters and
 * attended activities), each rule's points configurable; a leaderboard per community.
 */
@org.springframework.modulith.ApplicationModule(displayName = "志愿者积分 Volunteers")
package org.xingfu.volunteer;
