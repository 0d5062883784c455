package org.xingfu.property;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xingfu.shared.Actor;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** 物业服务 over JSON: companies, contracts, coverage, surveys, evaluations, awards and welfare property teams. */
@RestController
@RequestMapping("/api/v1/property")
class PropertyApiController {

	static final String PERIOD = "\\d{4}-(Q[1-4]|H[12])";

	record NewCompany(@NotBlank @Size(max = 100) String name, Boolean stateOwned, @Size(max = 100) String partyBranch,
			@PositiveOrZero @Max(10000) Integer partyMembers) {
	}

	record NewContract(@NotNull Long companyId, @NotNull Long compoundId, @NotNull LocalDate startsOn, LocalDate endsOn,
			@NotNull @Min(1) @Max(3) Integer serviceLevel, @NotNull @Positive @Max(100000) Integer feeCentsPerM2) {
	}

	record NewSurvey(@NotNull Long compoundId, @NotNull @Pattern(regexp = PERIOD) String period,
			@NotNull LocalDate closesOn) {
	}

	record Answer(@NotNull @Size(min = 5, max = 5) List<@NotNull @Min(1) @Max(5) Integer> scores,
			@Size(max = 500) String comment) {
	}

	record Inspection(@NotNull Long compoundId, @NotNull @Pattern(regexp = PERIOD) String period,
			@NotEmpty @Size(max = 50) Map<String, Integer> points, @Size(max = 1000) String note) {
	}

	record NewAward(@NotNull Long nodeId, @NotNull @Min(2000) @Max(2100) Integer year,
			@NotBlank @Size(max = 100) String title) {
	}

	record Nomination(@NotNull Long compoundId, @NotBlank @Size(max = 1000) String reason) {
	}

	record Review(@NotNull @Min(0) @Max(100) Integer score, @Size(max = 500) String comment) {
	}

	record Proposal(@NotNull @Min(1) @Max(100) Integer count) {
	}

	record NewTeam(@NotNull Long communityId, @NotBlank @Size(max = 100) String name, @NotNull Long backstopCompanyId,
			@NotEmpty @Size(max = 50) List<Long> compoundIds) {
	}

	record NewMember(@NotNull Long personId, @NotBlank @Size(max = 30) String title,
			@NotNull @PositiveOrZero @Max(100000) Integer stipendCentsPerDuty) {
	}

	record NewDuty(@NotNull Long memberId, @NotNull LocalDate dutyDate, @NotBlank @Size(max = 100) String task) {
	}

	record NewLog(@NotNull Long memberId, @NotNull Long compoundId, @NotNull LocalDate workDate,
			@NotNull WelfareTeams.WorkKind kind, @NotNull @Positive @Max(24) BigDecimal hours,
			@NotBlank @Size(max = 1000) String description) {
	}

	private final PropertyCompanies companies;
	private final Evaluations evaluations;
	private final ExcellenceAwards awards;
	private final WelfareTeams welfare;

	PropertyApiController(PropertyCompanies companies, Evaluations evaluations, ExcellenceAwards awards,
			WelfareTeams welfare) {
		this.companies = companies;
		this.evaluations = evaluations;
		this.awards = awards;
		this.welfare = welfare;
	}

	@GetMapping("/companies")
	List<PropertyCompanies.Company> companies(@AuthenticationPrincipal Actor actor) {
		return companies.list(actor);
	}

	@PostMapping("/companies")
	ResponseEntity<PropertyCompanies.Company> createCompany(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody NewCompany body) {
		long id = companies.create(actor, body.name(), Boolean.TRUE.equals(body.stateOwned()), body.partyBranch(),
				body.partyMembers() == null ? 0 : body.partyMembers());
		return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/property/companies/" + id)
			.body(companies.list(actor).stream().filter(c -> c.id() == id).findFirst().orElseThrow());
	}

	@GetMapping("/contracts")
	List<PropertyCompanies.Contract> contracts(@AuthenticationPrincipal Actor actor, @RequestParam long compoundId) {
		return companies.contracts(actor, compoundId);
	}

	@PostMapping("/contracts")
	ResponseEntity<List<PropertyCompanies.Contract>> contract(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody NewContract body) {
		companies.contract(actor, body.companyId(), body.compoundId(), body.startsOn(), body.endsOn(),
				body.serviceLevel(), body.feeCentsPerM2());
		return ResponseEntity.status(HttpStatus.CREATED).body(companies.contracts(actor, body.compoundId()));
	}

	@GetMapping("/coverage")
	PropertyCompanies.Coverage coverage(@AuthenticationPrincipal Actor actor, @RequestParam long nodeId) {
		return companies.coverage(actor, nodeId);
	}

	@PostMapping("/surveys")
	ResponseEntity<Evaluations.Survey> openSurvey(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody NewSurvey body) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(evaluations.openSurvey(actor, body.compoundId(), body.period(), body.closesOn()));
	}

	@GetMapping("/surveys/by-token/{token}")
	Map<String, Object> survey(@AuthenticationPrincipal Actor actor, @PathVariable String token) {
		Evaluations.Survey s = evaluations.byToken(actor, token);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("survey", s);
		body.put("answered", evaluations.answered(actor, s.id()));
		return body;
	}

	@PostMapping("/surveys/{id}/answers")
	ResponseEntity<Void> answer(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Answer body) {
		evaluations.answer(actor, id, body.scores().stream().mapToInt(Integer::intValue).toArray(), body.comment());
		return ResponseEntity.status(HttpStatus.CREATED).build();
	}

	@GetMapping("/checklist")
	List<Evaluations.ChecklistItem> checklist() {
		return evaluations.checklist();
	}

	@PostMapping("/evaluations")
	ResponseEntity<List<Evaluations.CompoundScore>> inspect(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody Inspection body) {
		evaluations.inspect(actor, body.compoundId(), body.period(), body.points(), body.note());
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(evaluations.scores(actor, body.compoundId(), body.period()));
	}

	@GetMapping("/evaluations")
	Map<String, Object> evaluations(@AuthenticationPrincipal Actor actor, @RequestParam long nodeId,
			@RequestParam String period) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("compounds", evaluations.scores(actor, nodeId, period));
		body.put("companies", evaluations.companyScores(actor, nodeId, period));
		return body;
	}

	@GetMapping("/awards")
	List<ExcellenceAwards.Award> awards(@AuthenticationPrincipal Actor actor) {
		return awards.list(actor);
	}

	@PostMapping("/awards")
	ResponseEntity<Map<String, Object>> createAward(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody NewAward body) {
		long id = awards.create(actor, body.nodeId(), body.year(), body.title());
		return ResponseEntity.status(HttpStatus.CREATED).body(award(actor, id));
	}

	@GetMapping("/awards/{id}")
	Map<String, Object> award(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("award", awards.visible(actor, id));
		body.put("nominations", awards.nominations(id));
		return body;
	}

	@PostMapping("/awards/{id}/nominations")
	ResponseEntity<Map<String, Object>> nominate(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Nomination body) {
		awards.nominate(actor, id, body.compoundId(), body.reason());
		return ResponseEntity.status(HttpStatus.CREATED).body(award(actor, id));
	}

	@PostMapping("/awards/{id}/nominations/{nominationId}/reviews")
	Map<String, Object> review(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@PathVariable long nominationId, @Valid @RequestBody Review body) {
		awards.review(actor, id, nominationId, body.score(), body.comment());
		return award(actor, id);
	}

	@PostMapping("/awards/{id}/propose")
	Map<String, Object> propose(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Proposal body) {
		awards.propose(actor, id, body.count());
		return award(actor, id);
	}

	@PostMapping("/awards/{id}/finalise")
	Map<String, Object> finalise(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		awards.finalise(actor, id);
		return award(actor, id);
	}

	@GetMapping("/welfare-teams")
	List<WelfareTeams.Team> teams(@AuthenticationPrincipal Actor actor) {
		return welfare.list(actor);
	}

	@PostMapping("/welfare-teams")
	ResponseEntity<Map<String, Object>> createTeam(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody NewTeam body) {
		long id = welfare.create(actor, body.communityId(), body.name(), body.backstopCompanyId(), body.compoundIds());
		return ResponseEntity.status(HttpStatus.CREATED).body(team(actor, id, null));
	}

	@GetMapping("/welfare-teams/{id}")
	Map<String, Object> team(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(required = false) YearMonth month) {
		YearMonth m = month == null ? YearMonth.now(PropertyCompanies.CHINA) : month;
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("team", welfare.visible(actor, id));
		body.put("members", welfare.members(actor, id));
		body.put("roster", welfare.roster(actor, id, m));
		body.put("logs", welfare.logs(actor, id, m));
		return body;
	}

	@PostMapping("/welfare-teams/{id}/members")
	ResponseEntity<List<WelfareTeams.Member>> addMember(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody NewMember body) {
		welfare.addMember(actor, id, body.personId(), body.title(), body.stipendCentsPerDuty());
		return ResponseEntity.status(HttpStatus.CREATED).body(welfare.members(actor, id));
	}

	@PostMapping("/welfare-teams/{id}/duties")
	ResponseEntity<Map<String, Long>> addDuty(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody NewDuty body) {
		long duty = welfare.addDuty(actor, id, body.memberId(), body.dutyDate(), body.task());
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", duty));
	}

	@PostMapping("/welfare-teams/{id}/logs")
	ResponseEntity<Map<String, Long>> log(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody NewLog body) throws IOException {
		long log = welfare.log(actor, id, body.memberId(), body.compoundId(), body.workDate(), body.kind(), body.hours(),
				body.description(), List.of());
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", log));
	}

	@GetMapping("/welfare-teams/{id}/ledger")
	List<WelfareTeams.LedgerLine> ledger(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam YearMonth month) {
		return welfare.ledger(actor, id, month);
	}
}
