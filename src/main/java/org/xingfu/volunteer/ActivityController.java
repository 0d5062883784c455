package org.xingfu.volunteer;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.RefusedAction;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.QrSvg;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The volunteer hub: register, teams, activities with sign-up and check-in by QR code, hours and points. */
@Controller
class ActivityController {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	record ActivityForm(@NotNull Long communityId, Long teamId, @NotBlank @Size(max = 60) String title,
			@NotBlank @Size(max = 1000) String description, @NotBlank @Size(max = 100) String place,
			@NotNull @DateTimeFormat(pattern = "yyyy-MM-dd'T'HH:mm") LocalDateTime startsAt, @NotNull @DecimalMin("0.5") @DecimalMax("24") BigDecimal hours,
			@NotNull @Min(1) @Max(1000) Integer capacity) {
	}

	private final VolunteerActivities activities;
	private final PointsLedger points;
	private final OrganizationDirectory directory;

	ActivityController(VolunteerActivities activities, PointsLedger points, OrganizationDirectory directory) {
		this.activities = activities;
		this.points = points;
		this.directory = directory;
	}

	@GetMapping("/volunteers")
	String hub(@AuthenticationPrincipal Actor actor, Model model) {
		model.addAttribute("profile", activities.profile(actor.username()).orElse(null));
		model.addAttribute("hours", activities.hoursOf(actor.username()));
		model.addAttribute("points", points.of(actor.username()).total());
		model.addAttribute("activities", activities.activities(actor));
		model.addAttribute("teams", activities.teams(actor));
		model.addAttribute("organiser", actor.hasAny(VolunteerActivities.ORGANISERS));
		return "volunteers/hub";
	}

	@PostMapping("/volunteers/join")
	String join(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String skills,
			RedirectAttributes redirect) {
		// refused, not cut short: what the volunteer typed is not silently changed (found by PageFormFuzzTests)
		if (skills.strip().length() > 200) {
			redirect.addFlashAttribute("error", "volunteer.error.skills");
			return "redirect:/volunteers";
		}
		activities.join(actor, skills.strip());
		redirect.addFlashAttribute("flash", "flash.volunteer.joined");
		return "redirect:/volunteers";
	}

	@PostMapping("/volunteers/teams")
	String team(@AuthenticationPrincipal Actor actor, @RequestParam long communityId, @RequestParam String name,
			@RequestParam String leaderUsername, RedirectAttributes redirect) {
		try {
			if (name.isBlank() || name.length() > 60) {
				throw new InvalidFieldException("name", "volunteer.error.teamName");
			}
			activities.createTeam(actor, communityId, name, leaderUsername);
			redirect.addFlashAttribute("flash", "flash.volunteer.team");
		}
		catch (InvalidFieldException ex) {
			redirect.addFlashAttribute("error", RefusedAction.messageKey(ex));
		}
		catch (NotFoundException ex) {
			redirect.addFlashAttribute("error", "matching.error.place");
		}
		return "redirect:/volunteers";
	}

	@PostMapping("/volunteers/teams/{id}/members")
	String member(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam String username,
			RedirectAttributes redirect) {
		try {
			activities.addMember(actor, id, username);
			redirect.addFlashAttribute("flash", "flash.volunteer.member");
		}
		catch (InvalidFieldException | ConflictException ex) {
			redirect.addFlashAttribute("error", RefusedAction.messageKey(ex));
		}
		return "redirect:/volunteers";
	}

	@GetMapping("/volunteers/activities/new")
	String activityForm(@AuthenticationPrincipal Actor actor, Model model) {
		if (!model.containsAttribute("activityForm")) {
			model.addAttribute("activityForm", new ActivityForm(null, null, null, null, null, null, BigDecimal.valueOf(2), 20));
		}
		model.addAttribute("communities", directory.scopeRoots(actor).stream()
			.flatMap(root -> root.type() == NodeType.COMMUNITY ? java.util.stream.Stream.of(root)
					: directory.descendants(actor, root.id(), NodeType.COMMUNITY, 100).stream())
			.toList());
		model.addAttribute("teams", activities.teams(actor));
		return "volunteers/activity-new";
	}

	@PostMapping("/volunteers/activities/new")
	String createActivity(@AuthenticationPrincipal Actor actor,
			@Validated @ModelAttribute("activityForm") ActivityForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			try {
				long id = activities.createActivity(actor, form.communityId(), form.teamId(), form.title(),
						form.description(), form.place(), form.startsAt().atZone(CHINA).toInstant(), form.hours(),
						form.capacity());
				redirect.addFlashAttribute("flash", "flash.volunteer.activity");
				return "redirect:/volunteers/activities/" + id;
			}
			catch (InvalidFieldException ex) {
				errors.rejectValue(ex.field(), ex.messageKey());
			}
			catch (NotFoundException ex) {
				errors.rejectValue("communityId", "matching.error.place");
			}
		}
		return activityForm(actor, model);
	}

	@GetMapping("/volunteers/activities/{id}")
	String activity(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		var a = activities.activity(id);
		boolean organiser = activities.mayOrganise(actor, a);
		if (!"OPEN".equals(a.status()) && !organiser && !actor.canRead(a.nodePath())
				&& activities.signups(id).stream().noneMatch(s -> s.username().equals(actor.username()))) {
			throw new NotFoundException("activity", id);
		}
		var signups = activities.signups(id);
		model.addAttribute("activity", a);
		model.addAttribute("organiser", organiser);
		model.addAttribute("signups", organiser ? signups : java.util.List.of());
		model.addAttribute("mine", signups.stream().filter(s -> s.username().equals(actor.username())).findFirst().orElse(null));
		model.addAttribute("profile", activities.profile(actor.username()).orElse(null));
		if (organiser && "OPEN".equals(a.status())) {
			String link = ServletUriComponentsBuilder.fromCurrentContextPath()
				.path("/volunteers/activities/{id}/check-in").queryParam("code", a.checkInCode()).buildAndExpand(id)
				.toUriString();
			model.addAttribute("checkInLink", link);
			model.addAttribute("qr", QrSvg.of(link));
		}
		return "volunteers/activity";
	}

	@PostMapping("/volunteers/activities/{id}/{action:sign-up|close}")
	String act(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable String action,
			RedirectAttributes redirect) {
		try {
			if (action.equals("sign-up")) {
				activities.signUp(actor, id);
				redirect.addFlashAttribute("flash", "flash.volunteer.signedUp");
			}
			else {
				int credited = activities.close(actor, id);
				redirect.addFlashAttribute("flash", "flash.volunteer.closed");
				redirect.addFlashAttribute("credited", credited);
			}
		}
		catch (ConflictException | ForbiddenException ex) {
			redirect.addFlashAttribute("error", RefusedAction.messageKey(ex));
		}
		return "redirect:/volunteers/activities/" + id;
	}

	/** The page the QR code opens: one big button, so a volunteer in their sixties checks in with one tap. */
	@GetMapping("/volunteers/activities/{id}/check-in")
	String checkInPage(@PathVariable long id, @RequestParam(defaultValue = "") String code, Model model) {
		model.addAttribute("activity", activities.activity(id));
		model.addAttribute("code", code);
		return "volunteers/check-in";
	}

	@PostMapping("/volunteers/activities/{id}/check-in")
	String checkIn(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam String code,
			RedirectAttributes redirect) {
		try {
			activities.checkIn(actor, id, code);
			redirect.addFlashAttribute("flash", "flash.volunteer.checkedIn");
			return "redirect:/volunteers/activities/" + id;
		}
		catch (InvalidFieldException | ConflictException ex) {
			redirect.addFlashAttribute("error", RefusedAction.messageKey(ex));
			// the typed code goes back into the form; a long one is not a code, and in a Location header it broke
			// the answer with a 500 (found by PageFormFuzzTests)
			String typed = code.strip().length() <= 32 ? code.strip() : "";
			return "redirect:/volunteers/activities/" + id + "/check-in?code="
					+ java.net.URLEncoder.encode(typed, java.nio.charset.StandardCharsets.UTF_8);
		}
	}
}
