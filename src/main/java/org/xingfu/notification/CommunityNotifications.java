package org.xingfu.notification;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.xingfu.organization.OrganizationDirectory;

/** Notifications of the community's goodwill: wishes that came true, and dispatch lists sent to partner units. */
@Component
class CommunityNotifications {

	private final Inbox inbox;
	private final OrganizationDirectory directory;

	CommunityNotifications(Inbox inbox, OrganizationDirectory directory) {
		this.inbox = inbox;
		this.directory = directory;
	}

	/** The claimants of a wish hear that it came true, with the beneficiary's thanks on the wish page. */
	@ApplicationModuleListener
	void on(org.xingfu.wish.WishEvents.WishConfirmed event) {
		inbox.notify(event.claimants().stream().map(c -> c.personId()).filter(java.util.Objects::nonNull).toList(),
				"WISH_CONFIRMED", "/wishes/" + event.wishId(), String.valueOf(event.wishId()), event.title());
	}

	/** The liaisons of a street's alliance units receive the month's dispatch list. */
	@ApplicationModuleListener
	void on(org.xingfu.matching.TwoWayLists.DemandsDispatched event) {
		inbox.notify(directory.liaisonsOfAlliancesAt(event.streetId()), "DEMANDS_DISPATCHED",
				"/matching/reports?month=" + event.month(), event.month(), String.valueOf(event.demands()));
	}
}
