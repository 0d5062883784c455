/**
 * 消息提醒: an in-app inbox for every person with an account, fed by other modules' events (a case escalated to my
 * level, a case handed to me, my request answered, a notice in my compound, an owners' vote opening and closing, a
 * volunteer taking on my wish ...). Beyond the inbox, SMS and WeChat template messages as each person chooses, held
 * during their quiet hours, sent through a {@code ChannelAdapter}: the operator's gateway when credentials are
 * configured, a log-only adapter otherwise.
 */
@org.springframework.modulith.ApplicationModule(displayName = "消息提醒 Notifications")
package org.xingfu.notification;
