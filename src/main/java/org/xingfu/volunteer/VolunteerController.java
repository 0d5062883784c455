package org.xingfu.volunteer;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.GetMapping;
import org.xingfu.shared.Actor;

/** A volunteer's points (their own, or any for staff) and a community's leaderboard. */
@Controller
class VolunteerController {

	private final PointsLedger ledger;

	VolunteerController(PointsLedger ledger) {
		this.ledger = ledger;
	}

	@GetMapping("/volunteers/points")
	String mine(@AuthenticationPrincipal Actor actor, Model model) {
		model.addAttribute("points", ledger.of(actor.username()));
		return "volunteers/points";
	}

	@GetMapping("/volunteers/leaderboard/{communityId}")
	String leaderboard(@AuthenticationPrincipal Actor actor, @PathVariable long communityId, Model model) {
		model.addAttribute("standings", ledger.leaderboard(communityId, 50));
		model.addAttribute("staff", actor.isStaff());
		model.addAttribute("me", actor.username());
		return "volunteers/leaderboard";
	}
}
