/**
 * 协商议事: topics proposed by residents, the 三长 or the branch, supported by residents, put on the agenda by
 * support or by the committee; consultation meetings with QR check-in, minutes, the committee's decision (more than half of all members),
 * follow-up actions, the result as a public notice and residents' review.
 */
@org.springframework.modulith.ApplicationModule(displayName = "协商议事 Deliberation")
package org.xingfu.deliberation;
