package org.xingfu.volunteer;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.NotFoundException;

/** A volunteer's points as JSON: a @RestController, so its errors are problem+json like the rest of the API. */
@RestController
class VolunteerApiController {

	private final PointsLedger ledger;
	private final OrganizationDirectory directory;

	VolunteerApiController(PointsLedger ledger, OrganizationDirectory directory) {
		this.ledger = ledger;
		this.directory = directory;
	}

	/**
	 * A volunteer's own points, or, for staff, the points of a volunteer who earned points in a community they
	 * cover (staff of another street saw anyone's: found by AuthorizationMatrixTests).
	 */
	@GetMapping("/api/v1/volunteers/{username}/points")
	PointsLedger.Points points(@AuthenticationPrincipal Actor actor, @PathVariable String username) {
		boolean covered = actor.isStaff() && ledger.communitiesOf(username).stream()
			.anyMatch(id -> directory.findNode(id).map(n -> actor.canRead(n.path())).orElse(false));
		if (!actor.username().equals(username) && !covered) {
			throw new NotFoundException("volunteer", username);
		}
		return ledger.of(username);
	}

}
