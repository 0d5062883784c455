package org.xingfu.notification;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.xingfu.fund.FundApplications;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.Role;

/**
 * Emergency use of the maintenance fund is fast only if nobody waits to be told: a filed application goes to the
 * community staff and the street admins who confirm on site, a confirmed one to the street admins who approve, the
 * decision to the applicant, and the accepted works to every owner who shares the cost.
 */
@Component
class FundNotifications {

	private final Inbox inbox;
	private final OrganizationDirectory directory;
	private final FundApplications applications;

	FundNotifications(Inbox inbox, OrganizationDirectory directory, FundApplications applications) {
		this.inbox = inbox;
		this.directory = directory;
		this.applications = applications;
	}

	@ApplicationModuleListener
	void on(FundApplications.StepTaken event) {
		String link = "/fund/applications/" + event.applicationId();
		String place = directory.address(event.nodePath());
		switch (event.step()) {
			case "FILED" -> inbox.notify(staffAbove(event.nodePath(), true), "FUND_CONFIRM_NEEDED", link, place);
			case "CONFIRMED" -> inbox.notify(staffAbove(event.nodePath(), false), "FUND_APPROVAL_NEEDED", link, place);
			case "APPROVED", "REJECTED" -> {
				if (event.applicantPersonId() != null) {
					inbox.notify(List.of(event.applicantPersonId()), "FUND_" + event.step(), link, place);
				}
			}
			case "COMPLETED" -> inbox.notify(applications.ownersSharing(event.applicationId()), "FUND_SHARE_POSTED",
					link, place);
			default -> {
			}
		}
	}

	/** The community's staff (for the on-site confirmation) and the street's admins. */
	private List<Long> staffAbove(String compoundPath, boolean withCommunity) {
		List<Long> people = new ArrayList<>();
		for (NodeRef node : directory.ancestry(compoundPath)) {
			if (node.type() == NodeType.STREET) {
				people.addAll(directory.peopleWithRoleAt(node.id(), EnumSet.of(Role.STREET_ADMIN)));
			}
			if (withCommunity && node.type() == NodeType.COMMUNITY) {
				people.addAll(directory.peopleWithRoleAt(node.id(), EnumSet.of(Role.COMMUNITY_STAFF)));
			}
		}
		return people;
	}
}
