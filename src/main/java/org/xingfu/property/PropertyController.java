package org.xingfu.property;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
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
import org.xingfu.shared.Upload;
import org.xingfu.shared.UploadRejectedException;

/**
 * 物业服务 pages: the overview (coverage, companies, scores), a compound's contracts, survey (with the QR code that
 * opens it) and inspection, the resident's survey page, the excellence awards and the welfare property teams.
 * A refusal comes back on the same page with its reason.
 */
@Controller
class PropertyController {

	private final PropertyCompanies companies;
	private final Evaluations evaluations;
	private final ExcellenceAwards awards;
	private final WelfareTeams welfare;
	private final OrganizationDirectory directory;

	PropertyController(PropertyCompanies companies, Evaluations evaluations, ExcellenceAwards awards,
			WelfareTeams welfare, OrganizationDirectory directory) {
		this.companies = companies;
		this.evaluations = evaluations;
		this.awards = awards;
		this.welfare = welfare;
		this.directory = directory;
	}

	static String currentPeriod() {
		LocalDate today = PropertyCompanies.today();
		return today.getYear() + "-Q" + ((today.getMonthValue() - 1) / 3 + 1);
	}

	@GetMapping("/property")
	String overview(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String period, Model model) {
		if (!actor.isStaff()) {
			throw new ForbiddenException("property");
		}
		String p = period != null && period.matches("\\d{4}-(Q[1-4]|H[12])") ? period : currentPeriod();
		List<NodeRef> roots = directory.scopeRoots(actor);
		Map<NodeRef, PropertyCompanies.Coverage> coverage = new LinkedHashMap<>();
		Map<Long, List<Evaluations.CompoundScore>> scores = new LinkedHashMap<>();
		Map<Long, List<Evaluations.CompanyScore>> companyScores = new LinkedHashMap<>();
		for (NodeRef root : roots.stream().filter(r -> r.type().ordinal() <= NodeType.COMPOUND.ordinal()).limit(5).toList()) {
			coverage.put(root, companies.coverage(actor, root.id()));
			scores.put(root.id(), evaluations.scores(actor, root.id(), p));
			companyScores.put(root.id(), evaluations.companyScores(actor, root.id(), p));
		}
		model.addAttribute("period", p);
		model.addAttribute("coverage", coverage);
		model.addAttribute("scores", scores);
		model.addAttribute("companyScores", companyScores);
		model.addAttribute("companies", companies.list(actor));
		model.addAttribute("compounds", directory.compoundsInScope(actor, 300));
		model.addAttribute("registrar", actor.hasAny(PropertyCompanies.REGISTRARS));
		return "property/overview";
	}

	@PostMapping("/property/companies")
	String createCompany(@AuthenticationPrincipal Actor actor, @RequestParam String name,
			@RequestParam(defaultValue = "false") boolean stateOwned, @RequestParam(required = false) String partyBranch,
			@RequestParam(defaultValue = "0") int partyMembers, RedirectAttributes redirect) {
		if (name.isBlank() || name.length() > 100 || (partyBranch != null && partyBranch.length() > 100)) {
			redirect.addFlashAttribute("error", "property.error.name");
			return "redirect:/property";
		}
		return act(redirect, "/property", "flash.property.company",
				() -> companies.create(actor, name, stateOwned, partyBranch, partyMembers));
	}

	@GetMapping("/property/compounds/{id}")
	String compound(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		NodeRef compound = directory.findNode(id).filter(n -> n.type() == NodeType.COMPOUND)
			.filter(n -> actor.canRead(n.path())).orElseThrow(() -> new NotFoundException("compound", id));
		model.addAttribute("compound", compound);
		model.addAttribute("place", directory.address(compound.path()));
		model.addAttribute("contracts", companies.contracts(actor, id));
		model.addAttribute("current", companies.currentContract(id).orElse(null));
		List<Evaluations.Survey> surveys = evaluations.surveys(actor, id);
		model.addAttribute("surveys", surveys);
		Map<Long, String> qr = new LinkedHashMap<>();
		Map<Long, String> links = new LinkedHashMap<>();
		for (Evaluations.Survey s : surveys) {
			String link = ServletUriComponentsBuilder.fromCurrentContextPath().path("/property/surveys/{token}")
				.buildAndExpand(s.token()).toUriString();
			links.put(s.id(), link);
			qr.put(s.id(), QrSvg.of(link));
		}
		model.addAttribute("surveyLinks", links);
		model.addAttribute("surveyQr", qr);
		model.addAttribute("checklist", evaluations.checklist());
		String period = currentPeriod();
		model.addAttribute("period", period);
		model.addAttribute("scores", evaluations.periods(id).stream()
			.flatMap(p -> evaluations.scores(actor, id, p).stream()).toList());
		model.addAttribute("companies", companies.list(actor));
		model.addAttribute("evaluator", actor.reaches(compound.path(), Evaluations.EVALUATORS));
		model.addAttribute("keeper", actor.reaches(compound.path(), PropertyCompanies.CONTRACT_KEEPERS));
		model.addAttribute("closesOn", PropertyCompanies.today().plusDays(14));
		return "property/compound";
	}

	@PostMapping("/property/compounds/{id}/contracts")
	String contract(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam(required = false) Long companyId,
			@RequestParam(required = false) LocalDate startsOn, @RequestParam(required = false) LocalDate endsOn,
			@RequestParam(defaultValue = "0") int serviceLevel, @RequestParam(defaultValue = "") String feeYuan,
			RedirectAttributes redirect) {
		Optional<Long> fee = org.xingfu.shared.Money.parseYuan(feeYuan).filter(c -> c > 0 && c <= 100_000);
		String back = "/property/compounds/" + id;
		if (companyId == null || startsOn == null || fee.isEmpty()) {
			redirect.addFlashAttribute("error", "property.error.contractForm");
			return "redirect:" + back;
		}
		return act(redirect, back, "flash.property.contract", () -> companies.contract(actor, companyId, id, startsOn,
				endsOn, serviceLevel, fee.get().intValue()));
	}

	@PostMapping("/property/compounds/{id}/surveys")
	String openSurvey(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam String period,
			@RequestParam(required = false) LocalDate closesOn, RedirectAttributes redirect) {
		return act(redirect, "/property/compounds/" + id, "flash.property.survey",
				() -> evaluations.openSurvey(actor, id, period.strip(), closesOn));
	}

	@PostMapping("/property/compounds/{id}/inspections")
	String inspect(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam String period,
			@RequestParam Map<String, String> form, RedirectAttributes redirect) {
		Map<String, Integer> points = new LinkedHashMap<>();
		for (Evaluations.ChecklistItem item : evaluations.checklist()) {
			String v = form.get("points." + item.code());
			if (v == null || !v.strip().matches("\\d{1,3}")) {
				redirect.addFlashAttribute("error", "property.error.points");
				return "redirect:/property/compounds/" + id;
			}
			points.put(item.code(), Integer.parseInt(v.strip()));
		}
		String note = form.get("note");
		if (note != null && note.length() > 1000) {
			redirect.addFlashAttribute("error", "property.error.note");
			return "redirect:/property/compounds/" + id;
		}
		return act(redirect, "/property/compounds/" + id, "flash.property.inspection",
				() -> evaluations.inspect(actor, id, period.strip(), points, note));
	}

	/** The page a survey's QR code opens: five services, one to five stars each, big enough for any thumb. */
	@GetMapping("/property/surveys/{token}")
	String survey(@AuthenticationPrincipal Actor actor, @PathVariable String token, Model model) {
		Evaluations.Survey s = evaluations.byToken(actor, token);
		model.addAttribute("survey", s);
		model.addAttribute("place", directory.address(s.nodePath()));
		model.addAttribute("answered", evaluations.answered(actor, s.id()));
		model.addAttribute("resident", Evaluations.livesIn(actor, s.nodePath()));
		model.addAttribute("open", java.time.Instant.now().isBefore(s.closesAt()));
		model.addAttribute("items", List.of("CLEANING", "SECURITY", "FACILITIES", "GREENING", "SERVICE"));
		return "property/survey";
	}

	@PostMapping("/property/surveys/{token}")
	String answer(@AuthenticationPrincipal Actor actor, @PathVariable String token,
			@RequestParam Map<String, String> form, RedirectAttributes redirect) {
		Evaluations.Survey s = evaluations.byToken(actor, token);
		int[] scores = new int[5];
		String[] items = { "CLEANING", "SECURITY", "FACILITIES", "GREENING", "SERVICE" };
		for (int i = 0; i < items.length; i++) {
			String v = form.get("score." + items[i]);
			if (v == null || !v.matches("[1-5]")) {
				redirect.addFlashAttribute("error", "property.error.scores");
				return "redirect:/property/surveys/" + token;
			}
			scores[i] = Integer.parseInt(v);
		}
		String comment = form.get("comment");
		if (comment != null && comment.length() > 500) {
			redirect.addFlashAttribute("error", "property.error.comment");
			return "redirect:/property/surveys/" + token;
		}
		return act(redirect, "/property/surveys/" + token, "flash.property.answered",
				() -> evaluations.answer(actor, s.id(), scores, comment));
	}

	@GetMapping("/property/awards")
	String awardList(@AuthenticationPrincipal Actor actor, Model model) {
		model.addAttribute("awards", awards.list(actor));
		model.addAttribute("places", directory.scopeRoots(actor).stream()
			.filter(n -> n.type() == NodeType.CITY || n.type() == NodeType.STREET).toList());
		model.addAttribute("organiser", actor.hasAny(ExcellenceAwards.ORGANISERS));
		model.addAttribute("year", PropertyCompanies.today().getYear());
		return "property/awards";
	}

	@PostMapping("/property/awards")
	String createAward(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long nodeId,
			@RequestParam(defaultValue = "0") int year, @RequestParam(defaultValue = "") String title,
			RedirectAttributes redirect) {
		if (nodeId == null || title.isBlank() || title.length() > 100) {
			redirect.addFlashAttribute("error", "property.error.awardForm");
			return "redirect:/property/awards";
		}
		try {
			long id = awards.create(actor, nodeId, year, title);
			redirect.addFlashAttribute("flash", "flash.property.award");
			return "redirect:/property/awards/" + id;
		}
		catch (ConflictException | InvalidFieldException | ForbiddenException ex) {
			refusal(redirect, ex);
			return "redirect:/property/awards";
		}
	}

	@GetMapping("/property/awards/{id}")
	String award(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		ExcellenceAwards.Award a = awards.visible(actor, id);
		model.addAttribute("award", a);
		model.addAttribute("place", directory.findNode(a.nodeId()).map(NodeRef::name).orElse(""));
		model.addAttribute("nominations", awards.nominations(id));
		model.addAttribute("organiser", actor.reaches(a.nodePath(), ExcellenceAwards.ORGANISERS));
		model.addAttribute("compounds", directory.compoundsInScope(actor, 300).stream()
			.filter(c -> c.path().startsWith(a.nodePath()) && actor.reaches(c.path(), ExcellenceAwards.NOMINATORS)).toList());
		return "property/award";
	}

	@PostMapping("/property/awards/{id}/nominations")
	String nominate(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam(required = false) Long compoundId,
			@RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
		if (compoundId == null || reason.isBlank() || reason.length() > 1000) {
			redirect.addFlashAttribute("error", "property.error.nominationForm");
			return "redirect:/property/awards/" + id;
		}
		return act(redirect, "/property/awards/" + id, "flash.property.nominated",
				() -> awards.nominate(actor, id, compoundId, reason));
	}

	@PostMapping("/property/awards/{id}/nominations/{nominationId}/reviews")
	String review(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long nominationId,
			@RequestParam(defaultValue = "") String score, @RequestParam(required = false) String comment,
			RedirectAttributes redirect) {
		if (!score.strip().matches("\\d{1,3}") || (comment != null && comment.length() > 500)) {
			redirect.addFlashAttribute("error", "property.error.reviewScore");
			return "redirect:/property/awards/" + id;
		}
		return act(redirect, "/property/awards/" + id, "flash.property.reviewed",
				() -> awards.review(actor, id, nominationId, Integer.parseInt(score.strip()), comment));
	}

	@PostMapping("/property/awards/{id}/propose")
	String propose(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam(defaultValue = "0") int count,
			RedirectAttributes redirect) {
		return act(redirect, "/property/awards/" + id, "flash.property.proposed", () -> awards.propose(actor, id, count));
	}

	@PostMapping("/property/awards/{id}/finalise")
	String finalise(@AuthenticationPrincipal Actor actor, @PathVariable long id, RedirectAttributes redirect) {
		return act(redirect, "/property/awards/" + id, "flash.property.finalised", () -> awards.finalise(actor, id));
	}

	@GetMapping("/property/welfare")
	String teams(@AuthenticationPrincipal Actor actor, Model model) {
		model.addAttribute("teams", welfare.list(actor));
		model.addAttribute("communities", directory.scopeRoots(actor).stream()
			.flatMap(r -> r.type() == NodeType.COMMUNITY ? java.util.stream.Stream.of(r)
					: r.type().ordinal() < NodeType.COMMUNITY.ordinal()
							? directory.descendants(actor, r.id(), NodeType.COMMUNITY, 200).stream()
							: java.util.stream.Stream.empty())
			.toList());
		model.addAttribute("backstops", companies.list(actor).stream().filter(PropertyCompanies.Company::stateOwned).toList());
		model.addAttribute("compounds", directory.compoundsInScope(actor, 300));
		model.addAttribute("keeper", actor.hasAny(WelfareTeams.KEEPERS));
		return "property/welfare-teams";
	}

	@PostMapping("/property/welfare")
	String createTeam(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long communityId,
			@RequestParam(defaultValue = "") String name, @RequestParam(required = false) Long backstopCompanyId,
			@RequestParam(required = false) List<Long> compoundIds, RedirectAttributes redirect) {
		if (communityId == null || backstopCompanyId == null || name.isBlank() || name.length() > 100) {
			redirect.addFlashAttribute("error", "property.error.teamForm");
			return "redirect:/property/welfare";
		}
		try {
			long id = welfare.create(actor, communityId, name, backstopCompanyId, compoundIds);
			redirect.addFlashAttribute("flash", "flash.property.team");
			return "redirect:/property/welfare/" + id;
		}
		catch (ConflictException | InvalidFieldException | ForbiddenException | NotFoundException ex) {
			if (ex instanceof NotFoundException) {
				redirect.addFlashAttribute("error", "property.error.teamForm");
			}
			else {
				refusal(redirect, ex);
			}
			return "redirect:/property/welfare";
		}
	}

	@GetMapping("/property/welfare/{id}")
	String team(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam(required = false) YearMonth month,
			Model model) {
		WelfareTeams.Team team = welfare.visible(actor, id);
		YearMonth m = month == null ? YearMonth.now(PropertyCompanies.CHINA) : month;
		boolean keeper = actor.reaches(team.nodePath(), WelfareTeams.KEEPERS);
		List<WelfareTeams.Member> members = welfare.members(actor, id);
		Map<Long, String> memberNames = new LinkedHashMap<>();
		members.forEach(x -> memberNames.put(x.id(), x.name()));
		Map<Long, String> compoundNames = new LinkedHashMap<>();
		team.compoundIds().forEach(c -> compoundNames.put(c, directory.findNode(c).map(NodeRef::name).orElse("")));
		model.addAttribute("team", team);
		model.addAttribute("month", m);
		model.addAttribute("members", members);
		model.addAttribute("memberNames", memberNames);
		model.addAttribute("compoundNames", compoundNames);
		model.addAttribute("roster", welfare.roster(actor, id, m));
		model.addAttribute("logs", welfare.logs(actor, id, m));
		model.addAttribute("keeper", keeper);
		model.addAttribute("ledger", keeper ? welfare.ledger(actor, id, m) : List.of());
		model.addAttribute("myMemberId", welfare.memberIdOf(actor, id).orElse(null));
		model.addAttribute("today", PropertyCompanies.today());
		return "property/welfare-team";
	}

	@PostMapping("/property/welfare/{id}/members")
	String addMember(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam(required = false) Long personId,
			@RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String stipendYuan,
			RedirectAttributes redirect) {
		Optional<Long> rate = org.xingfu.shared.Money.parseYuan(stipendYuan).filter(c -> c <= 100_000);
		if (personId == null || title.isBlank() || title.length() > 30 || rate.isEmpty()) {
			redirect.addFlashAttribute("error", "property.error.memberForm");
			return "redirect:/property/welfare/" + id;
		}
		return act(redirect, "/property/welfare/" + id, "flash.property.member",
				() -> welfare.addMember(actor, id, personId, title, rate.get().intValue()));
	}

	@PostMapping("/property/welfare/{id}/duties")
	String addDuty(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam(required = false) Long memberId,
			@RequestParam(required = false) LocalDate dutyDate, @RequestParam(defaultValue = "") String task,
			RedirectAttributes redirect) {
		if (memberId == null || dutyDate == null || task.isBlank() || task.length() > 100) {
			redirect.addFlashAttribute("error", "property.error.dutyForm");
			return "redirect:/property/welfare/" + id;
		}
		return act(redirect, "/property/welfare/" + id, "flash.property.duty",
				() -> welfare.addDuty(actor, id, memberId, dutyDate, task));
	}

	@PostMapping("/property/welfare/{id}/logs")
	String log(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam(required = false) Long memberId,
			@RequestParam(required = false) Long compoundId, @RequestParam(required = false) LocalDate workDate,
			@RequestParam(required = false) WelfareTeams.WorkKind kind, @RequestParam(defaultValue = "") String hours,
			@RequestParam(defaultValue = "") String description,
			@RequestParam(name = "photos", required = false) List<MultipartFile> photos, RedirectAttributes redirect) {
		if (memberId == null || compoundId == null || workDate == null || kind == null
				|| !hours.strip().matches("\\d{1,2}(\\.\\d)?") || description.isBlank() || description.length() > 1000) {
			redirect.addFlashAttribute("error", "property.error.logForm");
			return "redirect:/property/welfare/" + id;
		}
		try {
			welfare.log(actor, id, memberId, compoundId, workDate, kind, new BigDecimal(hours.strip()), description,
					Upload.of(photos));
			redirect.addFlashAttribute("flash", "flash.property.logged");
		}
		catch (ConflictException | InvalidFieldException | ForbiddenException | UploadRejectedException ex) {
			refusal(redirect, ex);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return "redirect:/property/welfare/" + id;
	}

	@GetMapping("/property/welfare/{id}/ledger.xlsx")
	org.springframework.http.ResponseEntity<StreamingResponseBody> ledger(@AuthenticationPrincipal Actor actor,
			@PathVariable long id, @RequestParam YearMonth month) {
		WelfareTeams.Team team = welfare.visible(actor, id);
		if (!actor.reaches(team.nodePath(), WelfareTeams.KEEPERS)) {
			throw new ForbiddenException("welfare-ledger");
		}
		StreamingResponseBody body = out -> welfare.writeLedger(actor, id, month, out);
		return org.springframework.http.ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
				.filename("公益物业补贴-" + month + ".xlsx", java.nio.charset.StandardCharsets.UTF_8).build().toString())
			.contentType(org.springframework.http.MediaType
				.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
			.body(body);
	}

	private String act(RedirectAttributes redirect, String back, String flash, Runnable action) {
		try {
			action.run();
			redirect.addFlashAttribute("flash", flash);
		}
		catch (ConflictException | InvalidFieldException | ForbiddenException ex) {
			refusal(redirect, ex);
		}
		return "redirect:" + back;
	}

	private static void refusal(RedirectAttributes redirect, RuntimeException ex) {
		RefusedAction.flash(redirect, ex, "property.error.notYours");
	}
}
