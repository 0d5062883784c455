/**
 * 业主表决: owners' ballots of a compound by Civil Code art. 278, counted by exclusive area and by head count with
 * exact arithmetic; the eligible roll is taken from the household register when the ballot opens.
 */
@org.springframework.modulith.ApplicationModule(displayName = "业主表决 Owners' votes")
package org.xingfu.vote;
