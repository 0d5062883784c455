/**
 * 公示: notices of a compound, community, street or the whole city, with a publication window and a minimum period
 * per type; corrections as new versions that keep the old one readable; objections from residents answered by staff;
 * physical notice boards with a printed QR poster that opens the board's current notices. Other modules post their
 * notices (a ballot's result, fund spending, rating lists) through {@link org.xingfu.notice.Notices#post}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "公示 Notices")
package org.xingfu.notice;
