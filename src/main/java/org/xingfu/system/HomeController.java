package org.xingfu.system;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.xingfu.organization.HouseholdView;
import org.xingfu.organization.NodeView;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.Role;
import org.xingfu.matching.MatchingQueries;
import org.xingfu.volunteer.VolunteerActivities;
import org.xingfu.wish.WishQueries;

/**
 * The first page after login: the staff console for staff roles, the mobile resident home for everyone else.
 */
@Controller
class HomeController {

	private final OrganizationDirectory directory;
	private final WishQueries wishes;
	private final MatchingQueries matching;
	private final VolunteerActivities volunteers;

	HomeController(OrganizationDirectory directory, WishQueries wishes, MatchingQueries matching,
			VolunteerActivities volunteers) {
		this.directory = directory;
		this.wishes = wishes;
		this.matching = matching;
		this.volunteers = volunteers;
	}

	@GetMapping("/")
	String home(@AuthenticationPrincipal Actor actor, Model model) {
		if (actor.isStaff()) {
			List<NodeView> scopes = directory.scopeRoots(actor).stream()
				.filter(n -> actor.canRead(n.path()))
				.limit(20)
				.map(n -> directory.node(actor, n.id()))
				.toList();
			model.addAttribute("scopes", scopes);
			Map<Long, WishQueries.WishFigures> figures = new HashMap<>();
			scopes.forEach(n -> figures.put(n.id(), wishes.figures(n.path())));
			model.addAttribute("wishFigures", figures);
			Map<Long, Long> matters = new HashMap<>();
			Map<Long, VolunteerActivities.VolunteerFigures> service = new HashMap<>();
			scopes.forEach(n -> {
				matters.put(n.id(), matching.mattersWithin(n.path()));
				service.put(n.id(), volunteers.figures(n.path()));
			});
			model.addAttribute("matters", matters);
			model.addAttribute("volunteerFigures", service);
			model.addAttribute("auditor", actor.hasAny(Role.AUDITORS));
			return "home/staff";
		}
		List<HouseholdView> households = actor.grants().stream()
			.filter(g -> g.role() == Role.RESIDENT)
			.map(g -> directory.household(actor, g.nodeId()))
			.toList();
		model.addAttribute("households", households);
		return "home/resident";
	}
}
