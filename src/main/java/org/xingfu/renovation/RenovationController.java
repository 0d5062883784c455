package org.xingfu.renovation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.Money;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.RefusedAction;

/** 老旧小区改造 pages: the projects with the totals of the reader's area, and one project's page for every role. */
@Controller
class RenovationController {

	private final RenovationProjects projects;
	private final OrganizationDirectory directory;

	private final org.springframework.context.MessageSource messages;

	RenovationController(RenovationProjects projects, OrganizationDirectory directory,
			org.springframework.context.MessageSource messages) {
		this.messages = messages;
		this.projects = projects;
		this.directory = directory;
	}

	@GetMapping("/renovation")
	String list(@AuthenticationPrincipal Actor actor, Model model) {
		model.addAttribute("projects", projects.list(actor));
		List<NodeRef> roots = directory.scopeRoots(actor).stream()
			.filter(r -> r.type().ordinal() <= NodeType.COMPOUND.ordinal()).limit(5).toList();
		model.addAttribute("totals", actor.isStaff() ? roots.stream().map(r -> projects.totals(actor, r.id())).toList()
				: List.of());
		model.addAttribute("places", roots);
		model.addAttribute("compounds", directory.compoundsInScope(actor, 300));
		model.addAttribute("manager", actor.hasAny(RenovationProjects.MANAGERS));
		model.addAttribute("year", LocalDate.now().getYear());
		return "renovation/list";
	}

	/** The projects the list shows, as a sheet. */
	@GetMapping("/renovation/export.xlsx")
	org.springframework.http.ResponseEntity<byte[]> sheet(@AuthenticationPrincipal Actor actor) {
		List<List<Object>> rows = new java.util.ArrayList<>();
		for (RenovationProjects.Project p : projects.list(actor)) {
			rows.add(java.util.Arrays.asList(p.id(), p.name(), p.year(), directory.address(p.nodePath()), p.buildings(),
					p.floorAreaM2(), BigDecimal.valueOf(p.budgetCents(), 2), org.xingfu.shared.Sheets.chinese(messages, "renovation.status." + p.status()), p.createdBy()));
		}
		return org.xingfu.shared.Sheets.download("renovation-projects.xlsx", org.xingfu.shared.Sheets.of("老旧小区改造",
				"老旧小区改造项目", List.of("编号", "项目", "年度", "范围", "楼栋", "面积（m²）", "预算（元）", "状态", "登记人"), rows));
	}

	@PostMapping("/renovation")
	String create(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long nodeId,
			@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "0") int year,
			@RequestParam(required = false) List<Long> compoundIds, @RequestParam(defaultValue = "0") int buildings,
			@RequestParam(defaultValue = "") String floorAreaM2, @RequestParam(defaultValue = "") String budgetYuan,
			RedirectAttributes redirect) {
		Optional<Long> budget = Money.parseYuan(budgetYuan).filter(c -> c > 0);
		Optional<BigDecimal> area = Money.parseYuan(floorAreaM2).filter(c -> c > 0).map(c -> BigDecimal.valueOf(c, 2));
		if (nodeId == null || name.isBlank() || name.length() > 100 || budget.isEmpty() || area.isEmpty()) {
			redirect.addFlashAttribute("error", "renovation.error.form");
			return "redirect:/renovation";
		}
		try {
			long id = projects.create(actor, new RenovationProjects.NewProject(nodeId, name, year, compoundIds, buildings,
					area.get(), budget.get()));
			redirect.addFlashAttribute("flash", "flash.renovation.created");
			return "redirect:/renovation/projects/" + id;
		}
		catch (ConflictException | InvalidFieldException | ForbiddenException | NotFoundException ex) {
			refuse(redirect, ex);
			return "redirect:/renovation";
		}
	}

	@GetMapping("/renovation/projects/{id}")
	String project(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		RenovationProjects.Project p = projects.visible(actor, id);
		boolean manager = projects.manages(actor, p);
		model.addAttribute("p", p);
		model.addAttribute("compoundNames", projects.compoundNames(p));
		model.addAttribute("scope", projects.scope(id));
		model.addAttribute("opinions", manager ? projects.opinions(id) : List.of());
		model.addAttribute("opinionCount", projects.opinions(id).size());
		model.addAttribute("milestones", projects.milestones(id));
		model.addAttribute("steps", projects.steps(id));
		model.addAttribute("defects", projects.defects(id));
		model.addAttribute("manager", manager);
		model.addAttribute("acceptor", projects.accepts(actor, p));
		model.addAttribute("resident", projects.residentOf(actor, p));
		return "renovation/project";
	}

	@PostMapping("/renovation/projects/{id}/scope-items")
	String scopeItem(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(required = false) RenovationProjects.ScopeKind kind, @RequestParam(defaultValue = "") String description,
			@RequestParam(required = false) RenovationProjects.Unit unit, @RequestParam(defaultValue = "") String quantity,
			RedirectAttributes redirect) {
		Optional<BigDecimal> q = Money.parseYuan(quantity).filter(c -> c > 0).map(c -> BigDecimal.valueOf(c, 2));
		if (kind == null || unit == null || description.isBlank() || description.length() > 200 || q.isEmpty()) {
			return refuse(redirect, id, "renovation.error.scopeForm");
		}
		return act(redirect, id, "flash.renovation.scope",
				() -> projects.addScopeItem(actor, id, kind, description, unit, q.get()));
	}

	@PostMapping("/renovation/projects/{id}/opinions")
	String opinion(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam(defaultValue = "") String text,
			RedirectAttributes redirect) {
		if (text.isBlank() || text.length() > 1000) {
			return refuse(redirect, id, "renovation.error.text");
		}
		return act(redirect, id, "flash.renovation.opinion", () -> projects.opinion(actor, id, text));
	}

	@PostMapping("/renovation/projects/{id}/fix-scope")
	String fixScope(@AuthenticationPrincipal Actor actor, @PathVariable long id, RedirectAttributes redirect) {
		return act(redirect, id, "flash.renovation.fixed", () -> projects.fixScope(actor, id));
	}

	@PostMapping("/renovation/projects/{id}/milestones")
	String milestone(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam(defaultValue = "") String name,
			@RequestParam(required = false) LocalDate dueOn, RedirectAttributes redirect) {
		if (name.isBlank() || name.length() > 100 || dueOn == null) {
			return refuse(redirect, id, "renovation.error.milestoneForm");
		}
		return act(redirect, id, "flash.renovation.milestone", () -> projects.addMilestone(actor, id, name, dueOn));
	}

	@PostMapping("/renovation/projects/{id}/milestones/{milestoneId}/progress")
	String progress(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long milestoneId,
			@RequestParam(defaultValue = "-1") int progressPct, RedirectAttributes redirect) {
		return act(redirect, id, "flash.renovation.progress", () -> projects.progress(actor, id, milestoneId, progressPct));
	}

	@PostMapping("/renovation/projects/{id}/scope-items/{itemId}/done")
	String done(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long itemId,
			@RequestParam(defaultValue = "") String doneQuantity, RedirectAttributes redirect) {
		Optional<BigDecimal> q = Money.parseYuan(doneQuantity).map(c -> BigDecimal.valueOf(c, 2));
		if (q.isEmpty()) {
			return refuse(redirect, id, "renovation.error.quantity");
		}
		return act(redirect, id, "flash.renovation.progress", () -> projects.done(actor, id, itemId, q.get()));
	}

	@PostMapping("/renovation/projects/{id}/acceptance/steps")
	String step(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(required = false) RenovationProjects.Step step, @RequestParam(defaultValue = "false") boolean passed,
			@RequestParam(required = false) String note, RedirectAttributes redirect) {
		if (step == null || (note != null && note.length() > 1000)) {
			return refuse(redirect, id, "renovation.error.stepForm");
		}
		return act(redirect, id, "flash.renovation.step", () -> projects.step(actor, id, step, passed, note));
	}

	@PostMapping("/renovation/projects/{id}/defects")
	String defect(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(defaultValue = "") String description, RedirectAttributes redirect) {
		if (description.isBlank() || description.length() > 500) {
			return refuse(redirect, id, "renovation.error.text");
		}
		return act(redirect, id, "flash.renovation.defect", () -> projects.defect(actor, id, description));
	}

	@PostMapping("/renovation/projects/{id}/defects/{defectId}/fix")
	String fix(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long defectId,
			@RequestParam(defaultValue = "") String note, RedirectAttributes redirect) {
		if (note.isBlank() || note.length() > 500) {
			return refuse(redirect, id, "renovation.error.text");
		}
		return act(redirect, id, "flash.renovation.fix", () -> projects.fix(actor, id, defectId, note));
	}

	@PostMapping("/renovation/projects/{id}/decision")
	String decide(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(defaultValue = "false") boolean accepted, @RequestParam(required = false) String note,
			RedirectAttributes redirect) {
		if (note != null && note.length() > 1000) {
			return refuse(redirect, id, "renovation.error.text");
		}
		return act(redirect, id, accepted ? "flash.renovation.accepted" : "flash.renovation.notAccepted",
				() -> projects.decide(actor, id, accepted, note));
	}

	private String act(RedirectAttributes redirect, long id, String flash, Runnable action) {
		try {
			action.run();
			redirect.addFlashAttribute("flash", flash);
		}
		catch (ConflictException | InvalidFieldException | ForbiddenException ex) {
			refuse(redirect, ex);
		}
		return "redirect:/renovation/projects/" + id;
	}

	private static String refuse(RedirectAttributes redirect, long id, String key) {
		redirect.addFlashAttribute("error", key);
		return "redirect:/renovation/projects/" + id;
	}

	private static void refuse(RedirectAttributes redirect, RuntimeException ex) {
		if (ex instanceof NotFoundException) {
			redirect.addFlashAttribute("error", "renovation.error.form");
			return;
		}
		RefusedAction.flash(redirect, ex, "renovation.error.notYours");
	}
}
