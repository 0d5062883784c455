package org.xingfu.notification;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.xingfu.identity.AccountManagement;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.request.RequestEvents.RequestEscalated;
import org.xingfu.request.RequestEvents.RequestHandedOver;
import org.xingfu.request.RequestEvents.RequestResolved;
import org.xingfu.shared.Actor;
import org.xingfu.shared.Role;

/**
 * Tells people about cases that became theirs: the staff of the level a case climbed to, the person or level it was
 * handed to, and the resident whose request was answered. The listeners run after the case's transaction commits
 * and are recorded in the event publication log, so a crash in between delivers them at the next start.
 */
@Component
class RequestNotifications {

	/** Who answers for a level node: staff placed at the community, street or city itself. */
	static final Set<Role> LEVEL_STAFF = EnumSet.of(Role.COMMUNITY_STAFF, Role.STREET_ADMIN, Role.CITY_ADMIN,
			Role.CITY_DEPARTMENT);

	private final Inbox inbox;
	private final OrganizationDirectory directory;
	private final AccountManagement accounts;

	RequestNotifications(Inbox inbox, OrganizationDirectory directory, AccountManagement accounts) {
		this.inbox = inbox;
		this.directory = directory;
		this.accounts = accounts;
	}

	/** Who takes cases at compound level; property staff only for property matters. */
	static final Set<Role> FIRST_RESPONDERS = EnumSet.of(Role.GRID_HEAD, Role.GRID_WORKER, Role.BUILDING_HEAD,
			Role.UNIT_HEAD, Role.FIRST_SECRETARY);

	/** A new case in my queue: the 三长 and the first secretary of the place, and property staff for property. */
	@ApplicationModuleListener
	void on(org.xingfu.request.RequestEvents.RequestSubmitted event) {
		Set<Role> roles = EnumSet.copyOf(FIRST_RESPONDERS);
		if (event.category().startsWith("PROPERTY")) {
			roles.add(Role.PROPERTY_STAFF);
		}
		inbox.notify(directory.peopleAlong(event.nodePath(), roles), "REQUEST_NEW", staffLink(event.requestId()),
				String.valueOf(event.requestId()), event.title());
	}

	@ApplicationModuleListener
	void on(RequestEscalated event) {
		inbox.notify(directory.peopleWithRoleAt(event.levelNodeId(), LEVEL_STAFF),
				event.automatic() ? "REQUEST_OVERDUE_ESCALATED" : "REQUEST_ESCALATED", staffLink(event.requestId()),
				String.valueOf(event.requestId()), event.title());
	}

	@ApplicationModuleListener
	void on(RequestHandedOver event) {
		List<Long> to = event.toUsername() != null
				? accounts.actorOf(event.toUsername()).map(Actor::personId).stream().toList()
				: directory.peopleWithRoleAt(event.toNodeId(), LEVEL_STAFF);
		inbox.notify(to, "REQUEST_HANDED_OVER", staffLink(event.requestId()), String.valueOf(event.requestId()),
				event.title(), event.by());
	}

	@ApplicationModuleListener
	void on(RequestResolved event) {
		if (event.residentPersonId() != null) {
			inbox.notify(List.of(event.residentPersonId()), "REQUEST_RESOLVED", "/requests/" + event.requestId(),
					String.valueOf(event.requestId()), event.title());
		}
	}

	private static String staffLink(long requestId) {
		return "/admin/requests/" + requestId;
	}
}
