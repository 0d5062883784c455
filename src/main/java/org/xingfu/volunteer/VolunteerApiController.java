package org.xingfu.volunteer;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.xingfu.shared.Actor;
import org.xingfu.shared.NotFoundException;

/** A volunteer's points as JSON: a @RestController, so its errors are problem+json like the rest of the API. */
@RestController
class VolunteerApiController {

	private final PointsLedger ledger;

	VolunteerApiController(PointsLedger ledger) {
		this.ledger = ledger;
	}

	@GetMapping("/api/v1/volunteers/{username}/points")
	PointsLedger.Points points(@AuthenticationPrincipal Actor actor, @PathVariable String username) {
		if (!actor.username().equals(username) && !actor.isStaff()) {
			throw new NotFoundException("volunteer", username);
		}
		return ledger.of(username);
	}

}
