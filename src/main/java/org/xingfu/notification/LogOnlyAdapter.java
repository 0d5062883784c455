package org.xingfu.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default for a channel without credentials: records that the message would have gone, without the address or
 * the text (personal data stays out of the log), and counts it as sent.
 */
class LogOnlyAdapter implements ChannelAdapter {

	private static final Logger log = LoggerFactory.getLogger(LogOnlyAdapter.class);

	private final Channel channel;

	LogOnlyAdapter(Channel channel) {
		this.channel = channel;
	}

	@Override
	public Channel channel() {
		return channel;
	}

	@Override
	public String name() {
		return "log-only";
	}

	@Override
	public void send(OutgoingMessage message) {
		log.info("{} notification (delivery {}, person {}, {}) not sent: no {} adapter is configured", channel,
				message.deliveryId(), message.personId(), message.kind(), channel);
	}
}
