package org.xingfu.notification;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.xingfu.campaign.AssistanceChecks;
import org.xingfu.campaign.Dispatches;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Role;

/**
 * A command dispatch reaches every grid worker it names, with the link where they acknowledge it; overdue assistance
 * checks reach the community.
 */
@Component
class CampaignNotifications {

	private final Inbox inbox;
	private final OrganizationDirectory directory;

	CampaignNotifications(Inbox inbox, OrganizationDirectory directory) {
		this.inbox = inbox;
		this.directory = directory;
	}

	/** Assistance-check lines past their deadline: the staff of each community concerned hear of them. */
	@ApplicationModuleListener
	void on(AssistanceChecks.Escalated event) {
		List<Long> staff = new ArrayList<>();
		for (String path : event.communityPaths()) {
			String id = path.substring(0, path.length() - 1);
			staff.addAll(directory.peopleWithRoleAt(Long.parseLong(id.substring(id.lastIndexOf('/') + 1)),
					EnumSet.of(Role.COMMUNITY_STAFF)));
		}
		inbox.notify(staff.stream().distinct().toList(), "ASSISTANCE_OVERDUE", "/assistance-checks/" + event.checkId(),
				event.name(), String.valueOf(event.lines()));
	}

	@ApplicationModuleListener
	void on(Dispatches.DispatchSent event) {
		String text = event.message().length() > 60 ? event.message().substring(0, 60) + "…" : event.message();
		inbox.notify(event.recipients(), "DISPATCH_RECEIVED", "/dispatches/" + event.dispatchId(), text);
	}
}
