/**
 * 接诉即办: residents' requests owned by whoever accepts them first (首问负责制), with time limits from a
 * configurable table and a business calendar, automatic escalation up the ladder compound → community → street →
 * city, resident confirmation and rating, and the three rates (响应率, 解决率, 满意率).
 */
@org.springframework.modulith.ApplicationModule(displayName = "接诉即办 Requests")
package org.xingfu.request;
