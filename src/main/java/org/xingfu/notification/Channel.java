package org.xingfu.notification;

/** The ways a notification leaves the app, besides the inbox every notification goes to. */
public enum Channel {
	SMS, WECHAT
}
