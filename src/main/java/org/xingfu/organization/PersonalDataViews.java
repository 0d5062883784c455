package org.xingfu.organization;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;

/** Views of unmasked personal data go to the audit log (domain.md section 14), like exports do. */
@Component
class PersonalDataViews {

	private final ApplicationEventPublisher events;

	PersonalDataViews(ApplicationEventPublisher events) {
		this.events = events;
	}

	@Transactional
	void viewed(Actor actor, String targetType, long id, String path) {
		events.publishEvent(ActionRecorded.of(actor.username(), "PERSONAL_DATA_VIEWED", targetType, id, path, null));
	}

	/**
	 * A list with people's names and phones shown to staff (issue 24): a search, a unit's households. The detail says
	 * what was asked and how many rows came back, never who.
	 */
	@Transactional
	void listed(Actor actor, String targetType, long id, String path, String detail) {
		events.publishEvent(ActionRecorded.of(actor.username(), "PERSONAL_DATA_LISTED", targetType, id, path, detail));
	}
}
