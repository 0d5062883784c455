/**
 * 物业专项维修资金: each compound's fund account with a ledger per building; emergency use without an owners' vote
 * (hazard, scope, plan, budget, contractor, evidence → optional pre-notice → on-site confirmation → the street's
 * approval, or its silence past the limit → works → acceptance with the actual cost → a post-use notice with every
 * benefiting household's share, to the cent); normal use resting on a passed owners' vote.
 */
@org.springframework.modulith.ApplicationModule(displayName = "维修资金 Maintenance fund")
package org.xingfu.fund;
