package org.xingfu.fund;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.shared.Money;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.RefusedAction;
import org.xingfu.shared.Role;
import org.xingfu.shared.Upload;
import org.xingfu.shared.UploadRejectedException;

/**
 * 维修资金 pages: the list, a compound's account, filing an emergency application with photos from the phone, and
 * the application's page where each role finds its one step (confirm, approve or reject, complete) and an owner
 * finds their own share first.
 */
@Controller
class FundController {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	/** The filing form as typed: the amount in yuan, the buildings ticked. */
	static final class FundForm {
		private Long compoundId;
		private FundApplications.Hazard hazard;
		private List<Long> buildingIds = new ArrayList<>();
		private String scope;
		private String plan;
		private String budgetYuan;
		private String contractor;
		private boolean preNotice;

		public Long getCompoundId() { return compoundId; }
		public void setCompoundId(Long compoundId) { this.compoundId = compoundId; }
		public FundApplications.Hazard getHazard() { return hazard; }
		public void setHazard(FundApplications.Hazard hazard) { this.hazard = hazard; }
		public List<Long> getBuildingIds() { return buildingIds; }
		public void setBuildingIds(List<Long> buildingIds) { this.buildingIds = buildingIds == null ? new ArrayList<>() : buildingIds; }
		public String getScope() { return scope; }
		public void setScope(String scope) { this.scope = scope; }
		public String getPlan() { return plan; }
		public void setPlan(String plan) { this.plan = plan; }
		public String getBudgetYuan() { return budgetYuan; }
		public void setBudgetYuan(String budgetYuan) { this.budgetYuan = budgetYuan; }
		public String getContractor() { return contractor; }
		public void setContractor(String contractor) { this.contractor = contractor; }
		public boolean isPreNotice() { return preNotice; }
		public void setPreNotice(boolean preNotice) { this.preNotice = preNotice; }
	}

	private final FundApplications applications;
	private final FundAccounts accounts;
	private final OrganizationDirectory directory;
	private final org.xingfu.notice.Notices notices;
	private final org.springframework.context.MessageSource messages;

	FundController(FundApplications applications, FundAccounts accounts, OrganizationDirectory directory,
			org.xingfu.notice.Notices notices, org.springframework.context.MessageSource messages) {
		this.notices = notices;
		this.messages = messages;
		this.applications = applications;
		this.accounts = accounts;
		this.directory = directory;
	}

	@GetMapping("/fund")
	String list(@AuthenticationPrincipal Actor actor, Model model) {
		List<FundApplications.Application> list = applications.list(actor, 100);
		model.addAttribute("applications", list);
		model.addAttribute("places", directory.addresses(list.stream().map(FundApplications.Application::nodePath).toList()));
		model.addAttribute("compounds", actor.isStaff() ? directory.compoundsInScope(actor, 300) : homeCompounds(actor));
		model.addAttribute("applicant", actor.hasAny(FundApplications.APPLICANTS));
		model.addAttribute("now", Instant.now());
		return "fund/list";
	}

	/** The applications the page lists, as a sheet: place, hazard, status, budget and cost in yuan, the dates. */
	@GetMapping("/fund/export.xlsx")
	org.springframework.http.ResponseEntity<byte[]> export(@AuthenticationPrincipal Actor actor, java.util.Locale locale) {
		List<FundApplications.Application> list = applications.list(actor, org.xingfu.shared.Sheets.MAX_ROWS);
		java.util.Map<String, String> places = directory.addresses(list.stream().map(FundApplications.Application::nodePath).toList());
		java.util.function.Function<String, String> m = k -> messages.getMessage(k, null, k, locale);
		List<List<Object>> rows = new java.util.ArrayList<>();
		for (FundApplications.Application a : list) {
			rows.add(java.util.Arrays.asList(a.id(), places.get(a.nodePath()), m.apply("fund.kind." + a.kind()),
					m.apply("fund.hazard." + a.hazard()), m.apply("fund.status." + a.status()),
					new java.math.BigDecimal(a.budgetCents()).movePointLeft(2),
					a.actualCostCents() == null ? null : new java.math.BigDecimal(a.actualCostCents()).movePointLeft(2),
					a.contractor(), a.filedAt(), a.approvedAt(), a.completedAt()));
		}
		return org.xingfu.shared.Sheets.download("fund-applications.xlsx", org.xingfu.shared.Sheets.of(m.apply("nav.fund"),
				m.apply("nav.fund"), List.of(m.apply("export.id"), m.apply("export.place"), m.apply("fund.export.kind"),
						m.apply("fund.export.hazard"), m.apply("export.status"), m.apply("fund.export.budget"),
						m.apply("fund.export.cost"), m.apply("fund.export.contractor"), m.apply("export.submittedAt"),
						m.apply("fund.export.approvedAt"), m.apply("fund.export.completedAt")), rows));
	}

	@GetMapping("/fund/accounts/{compoundId}")
	String account(@AuthenticationPrincipal Actor actor, @PathVariable long compoundId, Model model) {
		model.addAttribute("account", accounts.account(actor, compoundId, 50));
		model.addAttribute("zone", CHINA);
		return "fund/account";
	}

	@GetMapping("/fund/applications/new")
	String form(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long compoundId, Model model) {
		if (!actor.hasAny(FundApplications.APPLICANTS)) {
			throw new ForbiddenException("fund-file");
		}
		FundForm form = (FundForm) model.getAttribute("fundForm");
		if (form == null) {
			form = new FundForm();
			model.addAttribute("fundForm", form);
		}
		List<NodeRef> compounds = directory.compoundsInScope(actor, 300).stream()
			.filter(c -> actor.reaches(c.path(), FundApplications.APPLICANTS)).toList();
		if (form.getCompoundId() == null) {
			form.setCompoundId(compoundId != null ? compoundId : compounds.size() == 1 ? compounds.getFirst().id() : null);
		}
		model.addAttribute("compounds", compounds);
		Long chosen = form.getCompoundId();
		model.addAttribute("buildings", chosen == null ? List.of() : buildings(actor, chosen));
		return "fund/new";
	}

	@PostMapping("/fund/applications/new")
	String file(@AuthenticationPrincipal Actor actor, @ModelAttribute("fundForm") FundForm form, BindingResult errors,
			@RequestParam(name = "photos", required = false) List<MultipartFile> photos, Model model,
			RedirectAttributes redirect) throws IOException {
		if (form.getCompoundId() == null) {
			errors.rejectValue("compoundId", "fund.error.compound");
		}
		if (form.getHazard() == null) {
			errors.rejectValue("hazard", "fund.error.hazard");
		}
		if (form.getBuildingIds().isEmpty()) {
			errors.rejectValue("buildingIds", "fund.error.building");
		}
		if (blank(form.getScope()) || form.getScope().length() > 2000) {
			errors.rejectValue("scope", "fund.error.scope");
		}
		if (form.getPlan() != null && form.getPlan().length() > 4000) {
			errors.rejectValue("plan", "fund.error.plan");
		}
		if (blank(form.getContractor()) || form.getContractor().length() > 100) {
			errors.rejectValue("contractor", "fund.error.contractor");
		}
		Optional<Long> budget = Money.parseYuan(form.getBudgetYuan()).filter(c -> c > 0);
		if (budget.isEmpty()) {
			errors.rejectValue("budgetYuan", "fund.error.yuan");
		}
		if (!errors.hasErrors()) {
			try {
				long id = applications.file(actor, new FundApplications.NewApplication(form.getCompoundId(), "EMERGENCY",
						null, form.getHazard(), form.getBuildingIds(), form.getScope(),
						form.getPlan() == null ? "" : form.getPlan(), budget.get(), form.getContractor(),
						form.isPreNotice()), Upload.of(photos));
				redirect.addFlashAttribute("flash", "flash.fund.filed");
				return "redirect:/fund/applications/" + id;
			}
			catch (InvalidFieldException ex) {
				String field = switch (ex.field()) {
					case "budgetCents" -> "budgetYuan";
					case "buildingIds" -> "buildingIds";
					default -> "compoundId";
				};
				errors.rejectValue(field, ex.messageKey(), ex.args(), null);
			}
			catch (UploadRejectedException | ConflictException ex) {
				model.addAttribute("error", RefusedAction.messageKey(ex));
			}
			catch (NotFoundException | ForbiddenException ex) {
				errors.rejectValue("compoundId", "fund.error.compound");
			}
		}
		return form(actor, null, model);
	}

	@GetMapping("/fund/applications/{id}")
	String application(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		FundApplications.Application a = applications.visible(actor, id);
		Instant now = Instant.now();
		List<FundApplications.ShareLine> shares = a.actualCostCents() == null ? List.of() : applications.shares(actor, id);
		model.addAttribute("a", a);
		model.addAttribute("place", directory.address(a.nodePath()));
		model.addAttribute("buildingNames", applications.buildingNames(a.buildingIds()));
		model.addAttribute("overdue", a.overdueAt(now));
		model.addAttribute("evidence", applications.evidence(id));
		model.addAttribute("shares", shares);
		model.addAttribute("myShares", shares.stream().filter(FundApplications.ShareLine::mine).toList());
		// owners see their own share; the whole table is for staff (the notice carries it for everyone of the compound)
		model.addAttribute("staff", actor.canRead(a.nodePath()));
		model.addAttribute("mayConfirm", "FILED".equals(a.status()) && actor.reaches(a.nodePath(), FundApplications.CONFIRMERS));
		model.addAttribute("mayApprove", "CONFIRMED".equals(a.status()) && actor.reaches(a.nodePath(), FundApplications.APPROVERS));
		model.addAttribute("mayReject", ("FILED".equals(a.status()) && (actor.reaches(a.nodePath(), FundApplications.CONFIRMERS)
				|| actor.reaches(a.nodePath(), FundApplications.APPROVERS)))
				|| ("CONFIRMED".equals(a.status()) && actor.reaches(a.nodePath(), FundApplications.APPROVERS)));
		model.addAttribute("mayComplete", "APPROVED".equals(a.status())
				&& (actor.reaches(a.nodePath(), FundApplications.APPLICANTS) || actor.reaches(a.nodePath(), FundApplications.CONFIRMERS)));
		// owners object on the post-use notice; staff see here how many wait for an answer
		model.addAttribute("publicity", a.noticeId() == null ? null : notices.publicity(a.noticeId()));
		model.addAttribute("zone", CHINA);
		return "fund/application";
	}

	@PostMapping("/fund/applications/{id}/confirm")
	String confirm(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(required = false) String note, RedirectAttributes redirect) {
		if (note != null && note.length() > 1000) {
			return refuse(redirect, id, "fund.error.note", null);
		}
		return act(id, redirect, "flash.fund.confirmed", () -> applications.confirm(actor, id, note));
	}

	@PostMapping("/fund/applications/{id}/approve")
	String approve(@AuthenticationPrincipal Actor actor, @PathVariable long id, RedirectAttributes redirect) {
		return act(id, redirect, "flash.fund.approved", () -> applications.approve(actor, id));
	}

	@PostMapping("/fund/applications/{id}/reject")
	String reject(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam(defaultValue = "") String reason,
			RedirectAttributes redirect) {
		if (reason.isBlank() || reason.length() > 1000) {
			return refuse(redirect, id, "fund.error.reason", null);
		}
		return act(id, redirect, "flash.fund.rejected", () -> applications.reject(actor, id, reason));
	}

	@PostMapping("/fund/applications/{id}/complete")
	String complete(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(defaultValue = "") String actualCostYuan, @RequestParam(required = false) String note,
			RedirectAttributes redirect) {
		Optional<Long> cost = Money.parseYuan(actualCostYuan).filter(c -> c > 0);
		if (cost.isEmpty()) {
			return refuse(redirect, id, "fund.error.yuan", null);
		}
		if (note != null && note.length() > 1000) {
			return refuse(redirect, id, "fund.error.note", null);
		}
		return act(id, redirect, "flash.fund.completed", () -> applications.complete(actor, id, cost.get(), note));
	}

	@GetMapping("/fund/applications/{id}/evidence/{photoId}")
	org.springframework.http.ResponseEntity<org.springframework.core.io.InputStreamResource> photo(
			@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long photoId) throws IOException {
		String[] photo = applications.evidencePhoto(actor, id, photoId);
		return Upload.serve(applications.storage(), photo[0], photo[1]);
	}

	private String act(long id, RedirectAttributes redirect, String flash, Runnable action) {
		try {
			action.run();
			redirect.addFlashAttribute("flash", flash);
		}
		catch (ConflictException | InvalidFieldException | ForbiddenException ex) {
			RefusedAction.flash(redirect, ex, "fund.error.notYours");
		}
		return "redirect:/fund/applications/" + id;
	}

	private static String refuse(RedirectAttributes redirect, long id, String key, Object[] args) {
		redirect.addFlashAttribute("error", key);
		redirect.addFlashAttribute("errorArgs", args == null || args.length == 0 ? null : args);
		return "redirect:/fund/applications/" + id;
	}

	private List<FundAccounts.BuildingBalance> buildings(Actor actor, long compoundId) {
		try {
			return accounts.account(actor, compoundId, 0).buildings();
		}
		catch (NotFoundException ex) {
			return List.of();
		}
	}

	private List<NodeRef> homeCompounds(Actor actor) {
		return actor.scopePaths(java.util.Set.of(Role.RESIDENT)).stream().map(FundApplications::compoundPathOf).distinct()
			.map(p -> p.substring(0, p.length() - 1)).map(p -> Long.parseLong(p.substring(p.lastIndexOf('/') + 1)))
			.map(directory::findNode).flatMap(Optional::stream).toList();
	}

	private static boolean blank(String s) {
		return s == null || s.isBlank();
	}
}
