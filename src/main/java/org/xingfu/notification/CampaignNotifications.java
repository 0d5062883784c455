package org.xingfu.notification;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.xingfu.campaign.Dispatches;

/** A command dispatch reaches every grid worker it names, with the link where they acknowledge it. */
@Component
class CampaignNotifications {

	private final Inbox inbox;

	CampaignNotifications(Inbox inbox) {
		this.inbox = inbox;
	}

	@ApplicationModuleListener
	void on(Dispatches.DispatchSent event) {
		String text = event.message().length() > 60 ? event.message().substring(0, 60) + "…" : event.message();
		inbox.notify(event.recipients(), "DISPATCH_RECEIVED", "/dispatches/" + event.dispatchId(), text);
	}
}
