package org.xingfu.vote;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

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
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.RefusedAction;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Ballot pages: staff open one; owners vote with three big buttons; staff record paper votes, close, see the count. */
@Controller
class BallotController {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	record BallotForm(@NotNull Long compoundId, @NotNull Matter matter, @NotBlank @Size(max = 500) String question,
			@NotNull @DateTimeFormat(pattern = "yyyy-MM-dd'T'HH:mm") LocalDateTime opensAt,
			@NotNull @DateTimeFormat(pattern = "yyyy-MM-dd'T'HH:mm") LocalDateTime closesAt) {
	}

	private final Ballots ballots;
	private final OrganizationDirectory directory;

	BallotController(Ballots ballots, OrganizationDirectory directory) {
		this.ballots = ballots;
		this.directory = directory;
	}

	@GetMapping("/ballots")
	String list(@AuthenticationPrincipal Actor actor, Model model) {
		model.addAttribute("ballots", ballots.list(actor));
		model.addAttribute("organiser", actor.hasAny(Ballots.ORGANISERS));
		return "ballots/list";
	}

	@GetMapping("/ballots/new")
	String form(@AuthenticationPrincipal Actor actor, Model model) {
		if (!model.containsAttribute("ballotForm")) {
			LocalDateTime now = LocalDateTime.now(CHINA).withSecond(0).withNano(0);
			model.addAttribute("ballotForm", new BallotForm(null, null, null, now, now.plusDays(7)));
		}
		model.addAttribute("compounds", directory.compoundsInScope(actor, 200));
		return "ballots/new";
	}

	@PostMapping("/ballots/new")
	String open(@AuthenticationPrincipal Actor actor, @Validated @ModelAttribute("ballotForm") BallotForm form,
			BindingResult errors, Model model, RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			try {
				long id = ballots.open(actor, form.compoundId(), List.of(), form.matter(), form.question(),
						form.opensAt().atZone(CHINA).toInstant(), form.closesAt().atZone(CHINA).toInstant());
				redirect.addFlashAttribute("flash", "flash.ballotOpened");
				return "redirect:/ballots/" + id;
			}
			catch (InvalidFieldException ex) {
				errors.rejectValue(ex.field(), ex.messageKey());
			}
			catch (NotFoundException ex) {
				errors.rejectValue("compoundId", "matching.error.place");
			}
		}
		return form(actor, model);
	}

	@GetMapping("/ballots/{id}")
	String ballot(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		Ballots.Ballot b = ballots.visible(actor, id);
		model.addAttribute("ballot", b);
		model.addAttribute("place", directory.address(b.nodePath()));
		model.addAttribute("participation", ballots.participation(id));
		model.addAttribute("open", b.openAt(java.time.Instant.now()));
		model.addAttribute("myChoice", ballots.choiceOf(actor, id).orElse(null));
		model.addAttribute("owner", ballots.isOwner(actor, id));
		model.addAttribute("organiser", actor.reaches(b.nodePath(), Ballots.ORGANISERS));
		model.addAttribute("result", b.closedAt() == null ? null : ballots.result(actor, id));
		return "ballots/ballot";
	}

	@PostMapping("/ballots/{id}/vote")
	String vote(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam Tally.Choice choice,
			@RequestParam(required = false) Long householdId, @RequestParam(defaultValue = "false") boolean paper,
			RedirectAttributes redirect) {
		try {
			ballots.vote(actor, id, choice, householdId, paper, false);
			redirect.addFlashAttribute("flash", householdId == null ? "flash.voted" : "flash.paperVote");
		}
		catch (ConflictException | InvalidFieldException | ForbiddenException ex) {
			redirect.addFlashAttribute("error",
					ex instanceof ForbiddenException ? "ballot.error.notOwner" : RefusedAction.messageKey(ex));
		}
		return "redirect:/ballots/" + id;
	}

	@PostMapping("/ballots/{id}/close")
	String close(@AuthenticationPrincipal Actor actor, @PathVariable long id, RedirectAttributes redirect) {
		try {
			ballots.close(actor, id);
			redirect.addFlashAttribute("flash", "flash.ballotClosed");
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("error", RefusedAction.messageKey(ex));
		}
		return "redirect:/ballots/" + id;
	}
}
