package org.xingfu.notification;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.xingfu.notice.Notices;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Role;

/** Objections to notices: staff of the place hear of a new one; the resident hears when it is answered. */
@Component
class NoticeNotifications {

	private final Inbox inbox;
	private final OrganizationDirectory directory;

	NoticeNotifications(Inbox inbox, OrganizationDirectory directory) {
		this.inbox = inbox;
		this.directory = directory;
	}

	/**
	 * The community staff and first secretary of the notice's place and of the place above it (a compound's notices
	 * are answered by its community), and the street's admins for a street's notices.
	 */
	@ApplicationModuleListener
	void on(Notices.ObjectionFiled event) {
		List<NodeRef> ancestry = directory.ancestry(event.nodePath());
		List<Long> staff = new ArrayList<>();
		for (NodeRef node : ancestry.subList(Math.max(0, ancestry.size() - 2), ancestry.size())) {
			staff.addAll(directory.peopleWithRoleAt(node.id(),
					EnumSet.of(Role.COMMUNITY_STAFF, Role.FIRST_SECRETARY, Role.STREET_ADMIN)));
		}
		inbox.notify(staff, "NOTICE_OBJECTION_FILED", "/notices/" + event.noticeId(), event.title());
	}

	@ApplicationModuleListener
	void on(Notices.ObjectionAnswered event) {
		if (event.personId() != null) {
			inbox.notify(List.of(event.personId()), "NOTICE_OBJECTION_ANSWERED", "/notices/" + event.noticeId(),
					event.title());
		}
	}
}
