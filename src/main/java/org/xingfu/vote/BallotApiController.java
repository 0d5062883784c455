package org.xingfu.vote;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.xingfu.shared.Actor;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** 业主表决 over JSON. */
@RestController
@RequestMapping("/api/v1/ballots")
class BallotApiController {

	record NewBallot(@NotNull Long compoundId, List<Long> buildingIds, @NotNull Matter matter,
			@NotBlank @Size(max = 500) String question, @NotNull Instant opensAt, @NotNull Instant closesAt) {
	}

	record NewVote(@NotNull Tally.Choice choice, Long householdId, Boolean paper, Boolean proxy) {
	}

	private final Ballots ballots;
	private final MessageSource messages;

	BallotApiController(Ballots ballots, MessageSource messages) {
		this.ballots = ballots;
		this.messages = messages;
	}

	@PostMapping
	ResponseEntity<Map<String, Object>> open(@AuthenticationPrincipal Actor actor, @Valid @RequestBody NewBallot body) {
		long id = ballots.open(actor, body.compoundId(), body.buildingIds(), body.matter(), body.question(),
				body.opensAt(), body.closesAt());
		return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/ballots/" + id)
			.body(view(actor, id));
	}

	@GetMapping("/{id}")
	Map<String, Object> ballot(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return view(actor, id);
	}

	@PostMapping("/{id}/votes")
	Map<String, Object> vote(@AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody NewVote body) {
		ballots.vote(actor, id, body.choice(), body.householdId(), Boolean.TRUE.equals(body.paper()),
				Boolean.TRUE.equals(body.proxy()));
		return view(actor, id);
	}

	@PostMapping("/{id}/close")
	Map<String, Object> close(@AuthenticationPrincipal Actor actor, @PathVariable long id, HttpServletRequest request) {
		return result(ballots.close(actor, id), request);
	}

	@GetMapping("/{id}/result")
	Map<String, Object> result(@AuthenticationPrincipal Actor actor, @PathVariable long id, HttpServletRequest request) {
		return result(ballots.result(actor, id), request);
	}

	private Map<String, Object> view(Actor actor, long id) {
		Ballots.Ballot b = ballots.visible(actor, id);
		Ballots.Participation p = ballots.participation(id);
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", b.id());
		view.put("compoundId", b.compoundId());
		view.put("buildingIds", b.buildingIds());
		view.put("matter", b.matter());
		view.put("question", b.question());
		view.put("opensAt", b.opensAt());
		view.put("closesAt", b.closesAt());
		view.put("closed", b.closedAt() != null);
		view.put("eligibleOwners", p.eligibleOwners());
		view.put("participatingOwners", p.participatingOwners());
		view.put("votedHouseholds", p.votedHouseholds()); // who took part, never how
		return view;
	}

	private Map<String, Object> result(Tally.Result r, HttpServletRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("eligibleArea", r.eligibleArea());
		body.put("eligibleOwners", r.eligibleOwners());
		body.put("participatingArea", r.participatingArea());
		body.put("participatingOwners", r.participatingOwners());
		body.put("quorumMet", r.quorumMet());
		body.put("forArea", r.forArea());
		body.put("forOwners", r.forOwners());
		body.put("againstArea", r.againstArea());
		body.put("againstOwners", r.againstOwners());
		body.put("requiredShare", r.requiredShare());
		body.put("passed", r.passed());
		body.put("outcome", r.outcome());
		body.put("reason", reason(r, request));
		return body;
	}

	private String reason(Tally.Result r, HttpServletRequest request) {
		return BallotResultNotice.reason(r, messages, RequestContextUtils.getLocale(request));
	}
}
