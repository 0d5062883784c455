package org.xingfu.deliberation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.QrSvg;
import org.xingfu.shared.RefusedAction;
import org.xingfu.shared.Role;

/**
 * 协商议事 pages: topics (propose, support, accept) and meetings (convene, check in from the QR code, record the
 * decision and the actions, publish, review). Refusals come back as a message on the same page.
 */
@Controller
class DeliberationController {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private final Topics topics;
	private final Meetings meetings;
	private final OrganizationDirectory directory;

	DeliberationController(Topics topics, Meetings meetings, OrganizationDirectory directory) {
		this.topics = topics;
		this.meetings = meetings;
		this.directory = directory;
	}

	@GetMapping("/topics")
	String topicList(@AuthenticationPrincipal Actor actor, Model model) {
		List<Topics.Topic> list = topics.list(actor, null);
		model.addAttribute("topics", list);
		model.addAttribute("places", directory.addresses(list.stream().map(Topics.Topic::nodePath).toList()));
		model.addAttribute("threshold", topics.threshold());
		model.addAttribute("compounds", directory.compoundsInScope(actor, 300));
		model.addAttribute("resident", actor.has(Role.RESIDENT));
		model.addAttribute("committee", actor.hasAny(Topics.COMMITTEE));
		return "deliberation/topics";
	}

	@PostMapping("/topics")
	String propose(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long compoundId,
			@RequestParam String title, @RequestParam String description, RedirectAttributes redirect) {
		if (title.isBlank() || description.isBlank() || title.length() > 60 || description.length() > 2000) {
			redirect.addFlashAttribute("error", "topic.error.text");
			return "redirect:/topics";
		}
		try {
			topics.propose(actor, compoundId, title, description);
			redirect.addFlashAttribute("flash", "flash.topicProposed");
		}
		catch (InvalidFieldException | NotFoundException ex) {
			redirect.addFlashAttribute("error", "topic.error.compound");
		}
		return "redirect:/topics";
	}

	@PostMapping("/topics/{id}/{action:support|accept}")
	String topicAction(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable String action,
			RedirectAttributes redirect) {
		try {
			if (action.equals("support")) {
				topics.support(actor, id);
			}
			else {
				topics.accept(actor, id);
			}
			redirect.addFlashAttribute("flash", "flash.topic." + action);
		}
		catch (ConflictException | ForbiddenException ex) {
			redirect.addFlashAttribute("error",
					ex instanceof ForbiddenException ? "topic.error.notResident" : RefusedAction.messageKey(ex));
		}
		return "redirect:/topics";
	}

	@GetMapping("/meetings")
	String meetingList(@AuthenticationPrincipal Actor actor, Model model) {
		List<Meetings.Meeting> list = meetings.list(actor);
		model.addAttribute("meetings", list);
		model.addAttribute("places", directory.addresses(list.stream().map(Meetings.Meeting::nodePath).toList()));
		model.addAttribute("organiser", actor.hasAny(Topics.COMMITTEE));
		return "deliberation/meetings";
	}

	/** Two steps: the compound first, then its agenda topics and the people who can sit on its committee. */
	@GetMapping("/meetings/new")
	String meetingForm(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long compoundId,
			Model model) {
		if (!actor.hasAny(Topics.COMMITTEE)) {
			throw new ForbiddenException("convene");
		}
		model.addAttribute("compounds", directory.compoundsInScope(actor, 300));
		if (compoundId != null) {
			NodeRef compound = directory.findNode(compoundId).filter(n -> n.type() == NodeType.COMPOUND)
				.filter(n -> actor.reaches(n.path(), Topics.COMMITTEE))
				.orElseThrow(() -> new NotFoundException("compound", compoundId));
			model.addAttribute("compound", compound);
			model.addAttribute("agendaTopics", topics.list(actor, "AGENDA").stream()
				.filter(t -> t.compoundId() == compoundId).toList());
			// the compound's 三长, branch and staff held at the compound are offered; others by their number
			Map<Long, String> candidates = new LinkedHashMap<>();
			for (long person : directory.peopleWithRoleAt(compoundId, Role.STAFF)) {
				candidates.put(person, directory.person(actor, person).name());
			}
			model.addAttribute("candidates", candidates);
			model.addAttribute("startsAt", LocalDateTime.now(CHINA).plusDays(1).withHour(19).withMinute(0).withSecond(0).withNano(0));
		}
		return "deliberation/meeting-new";
	}

	@PostMapping("/meetings/new")
	String convene(@AuthenticationPrincipal Actor actor, @RequestParam long compoundId, @RequestParam String title,
			@RequestParam String place,
			@RequestParam @DateTimeFormat(pattern = "yyyy-MM-dd'T'HH:mm") LocalDateTime startsAt,
			@RequestParam(required = false) List<Long> topicIds, @RequestParam(required = false) List<Long> members,
			@RequestParam(defaultValue = "") String moreMembers, RedirectAttributes redirect) {
		List<Long> committee = new ArrayList<>(members == null ? List.of() : members);
		try {
			Arrays.stream(moreMembers.split("[,，\\s]+")).filter(s -> !s.isBlank()).map(Long::valueOf).forEach(committee::add);
			if (title.isBlank() || place.isBlank() || title.length() > 100 || place.length() > 200) {
				throw new InvalidFieldException("title", "meeting.error.text");
			}
			long id = meetings.convene(actor, compoundId, title, place, startsAt.atZone(CHINA).toInstant(), topicIds,
					committee);
			redirect.addFlashAttribute("flash", "flash.meetingConvened");
			return "redirect:/meetings/" + id;
		}
		catch (NumberFormatException ex) {
			redirect.addFlashAttribute("error", "meeting.error.person");
		}
		catch (InvalidFieldException ex) {
			redirect.addFlashAttribute("error", ex.messageKey());
		}
		return "redirect:/meetings/new?compoundId=" + compoundId;
	}

	@GetMapping("/meetings/{id}")
	String meeting(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		Meetings.Meeting m = meetings.visible(actor, id);
		boolean organiser = actor.reaches(m.nodePath(), Topics.COMMITTEE);
		model.addAttribute("meeting", m);
		model.addAttribute("place", directory.address(m.nodePath()));
		model.addAttribute("agenda", meetings.agenda(id));
		List<Meetings.Participant> participants = meetings.participants(id);
		model.addAttribute("attendance", participants.stream().filter(p -> p.checkedInAt() != null).count());
		model.addAttribute("members", participants.stream().filter(Meetings.Participant::committee).count());
		if (organiser) {
			Map<Long, String> names = new LinkedHashMap<>();
			participants.forEach(p -> names.put(p.personId(), directory.person(actor, p.personId()).name()));
			model.addAttribute("participants", participants);
			model.addAttribute("names", names);
			if ("PLANNED".equals(m.status())) {
				String link = ServletUriComponentsBuilder.fromCurrentContextPath().path("/meetings/{id}/checkin")
					.queryParam("code", m.checkinToken()).buildAndExpand(id).toUriString();
				model.addAttribute("checkinLink", link);
				model.addAttribute("qr", QrSvg.of(link));
			}
		}
		model.addAttribute("organiser", organiser);
		model.addAttribute("resident", Topics.residentOf(actor, m.nodePath()));
		model.addAttribute("actions", meetings.actions(id));
		model.addAttribute("reviews", meetings.reviews(actor, id));
		model.addAttribute("today", LocalDate.now(CHINA));
		return "deliberation/meeting";
	}

	/** Where the meeting's QR code leads: one big button, so that checking in is one tap after signing in. */
	@GetMapping("/meetings/{id}/checkin")
	String checkinPage(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam String code,
			Model model) {
		model.addAttribute("meeting", meetings.visible(actor, id));
		model.addAttribute("code", code);
		return "deliberation/checkin";
	}

	@PostMapping("/meetings/{id}/checkin")
	String checkIn(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(required = false) String code, @RequestParam(required = false) Long personId,
			RedirectAttributes redirect) {
		try {
			meetings.checkIn(actor, id, code, personId);
			redirect.addFlashAttribute("flash", personId == null ? "flash.checkedIn" : "flash.markedPresent");
		}
		catch (ConflictException | ForbiddenException | InvalidFieldException ex) {
			redirect.addFlashAttribute("error",
					ex instanceof ForbiddenException ? "meeting.error.notInvited" : RefusedAction.messageKey(ex));
		}
		return "redirect:/meetings/" + id;
	}

	@PostMapping("/meetings/{id}/decision")
	String decide(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam String minutes,
			@RequestParam String decision, @RequestParam int votesFor, @RequestParam int votesAgainst,
			@RequestParam int votesAbstain, RedirectAttributes redirect) {
		if (minutes.isBlank() || decision.isBlank() || minutes.length() > 20000 || decision.length() > 2000) {
			redirect.addFlashAttribute("error", "meeting.error.text");
			return "redirect:/meetings/" + id;
		}
		return act(id, redirect, "flash.meetingDecided",
				() -> meetings.decide(actor, id, minutes, decision, votesFor, votesAgainst, votesAbstain));
	}

	@PostMapping("/meetings/{id}/actions")
	String addAction(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam String description,
			@RequestParam String owner, @RequestParam @DateTimeFormat(pattern = "yyyy-MM-dd") LocalDate dueDate,
			RedirectAttributes redirect) {
		if (description.isBlank() || owner.isBlank() || description.length() > 500 || owner.length() > 100) {
			redirect.addFlashAttribute("error", "meeting.error.text");
			return "redirect:/meetings/" + id;
		}
		return act(id, redirect, "flash.actionAdded", () -> meetings.addAction(actor, id, description, owner, dueDate));
	}

	@PostMapping("/meetings/{id}/actions/{actionId}/done")
	String actionDone(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long actionId,
			@RequestParam(defaultValue = "") String note, RedirectAttributes redirect) {
		return act(id, redirect, "flash.actionDone",
				() -> meetings.completeAction(actor, id, actionId, note.length() > 1000 ? note.substring(0, 1000) : note));
	}

	@PostMapping("/meetings/{id}/publish")
	String publish(@AuthenticationPrincipal Actor actor, @PathVariable long id, RedirectAttributes redirect) {
		return act(id, redirect, "flash.meetingPublished", () -> meetings.publish(actor, id));
	}

	@PostMapping("/meetings/{id}/review")
	String review(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam String rating,
			@RequestParam(defaultValue = "") String comment, RedirectAttributes redirect) {
		if (!rating.matches("SATISFIED|BASIC|DISSATISFIED") || comment.length() > 1000) {
			redirect.addFlashAttribute("error", "meeting.error.text");
			return "redirect:/meetings/" + id;
		}
		return act(id, redirect, "flash.reviewed", () -> meetings.review(actor, id, rating, comment));
	}

	private String act(long id, RedirectAttributes redirect, String flash, Runnable action) {
		try {
			action.run();
			redirect.addFlashAttribute("flash", flash);
		}
		catch (ConflictException | ForbiddenException | InvalidFieldException ex) {
			redirect.addFlashAttribute("error", RefusedAction.messageKey(ex));
			if (ex instanceof InvalidFieldException i) {
				redirect.addFlashAttribute("errorArgs", i.args());
			}
		}
		return "redirect:/meetings/" + id;
	}
}
