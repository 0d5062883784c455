package org.xingfu.notification;

import java.io.IOException;

/**
 * Sends a notification through one outside channel. Production configures an adapter with the operator's
 * credentials (an SMS gateway, a WeChat official account); without one, {@link LogOnlyAdapter} stands in.
 */
interface ChannelAdapter {

	Channel channel();

	/** A short name recorded with each delivery: which adapter sent it. */
	String name();

	/** Sends the message, or throws: the delivery is then tried again later. */
	void send(OutgoingMessage message) throws IOException;

	/**
	 * What one delivery carries: the text in Chinese (the language of SMS and WeChat here), the absolute link to the
	 * thing it is about, and the address for the channel (a mobile number, a WeChat openid).
	 */
	record OutgoingMessage(long deliveryId, long personId, String address, String kind, String text, String link) {
	}
}
