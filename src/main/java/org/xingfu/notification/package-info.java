/**
 * 消息提醒: an in-app inbox for every person with an account, fed by other modules' events (a case escalated to my
 * level, a case handed to me, my request answered). Channels beyond the inbox (SMS, WeChat), preferences and quiet
 * hours come later; see issue 10.
 */
@org.springframework.modulith.ApplicationModule(displayName = "消息提醒 Notifications")
package org.xingfu.notification;
