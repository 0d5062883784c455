/**
 * 微心愿: small wishes of vulnerable residents, collected by residents or grid workers, verified by the community,
 * published on a public wall with the beneficiary masked, claimed by volunteers, party members or partner units,
 * fulfilled with a photo and confirmed; a confirmed wish earns the claimants points (module volunteer).
 */
@org.springframework.modulith.ApplicationModule(displayName = "微心愿 Wishes")
package org.xingfu.wish;
