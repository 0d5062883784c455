/**
 * 协商议事: topics proposed by residents, the 三长 or the branch, supported by residents, put on the agenda by
 * support or by the committee; consultation meetings, decisions and follow-up come next (issue 5).
 */
@org.springframework.modulith.ApplicationModule(displayName = "协商议事 Deliberation")
package org.xingfu.deliberation;
