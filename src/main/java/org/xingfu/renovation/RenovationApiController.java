package org.xingfu.renovation;

import java.math.BigDecimal;
import java.time.LocalDate;
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
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** 老旧小区改造 over JSON: projects, scope, opinions, milestones, the acceptance and the totals. */
@RestController
@RequestMapping("/api/v1/renovation")
class RenovationApiController {

	record NewProject(@NotNull Long nodeId, @NotBlank @Size(max = 100) String name,
			@NotNull @Min(2000) @Max(2100) Integer year, @NotEmpty @Size(max = 200) List<Long> compoundIds,
			@NotNull @Positive @Max(100000) Integer buildings,
			@NotNull @Positive @Digits(integer = 10, fraction = 2) BigDecimal floorAreaM2,
			@NotNull @Positive Long budgetCents) {
	}

	record NewScopeItem(@NotNull RenovationProjects.ScopeKind kind, @NotBlank @Size(max = 200) String description,
			@NotNull RenovationProjects.Unit unit,
			@NotNull @Positive @Digits(integer = 10, fraction = 2) BigDecimal plannedQuantity) {
	}

	record Text(@NotBlank @Size(max = 1000) String text) {
	}

	record NewMilestone(@NotBlank @Size(max = 100) String name, @NotNull LocalDate dueOn) {
	}

	record Progress(@NotNull @Min(0) @Max(100) Integer progressPct) {
	}

	record Done(@NotNull @PositiveOrZero @DecimalMax("9999999999.99") @Digits(integer = 10, fraction = 2) BigDecimal doneQuantity) {
	}

	record StepBody(@NotNull RenovationProjects.Step step, @NotNull Boolean passed, @Size(max = 1000) String note) {
	}

	record Fix(@NotBlank @Size(max = 500) String note) {
	}

	record DefectBody(@NotBlank @Size(max = 500) String description) {
	}

	record Decision(@NotNull Boolean accepted, @Size(max = 1000) String note) {
	}

	private final RenovationProjects projects;

	RenovationApiController(RenovationProjects projects) {
		this.projects = projects;
	}

	@GetMapping("/projects")
	List<RenovationProjects.Project> list(@AuthenticationPrincipal Actor actor) {
		return projects.list(actor);
	}

	@PostMapping("/projects")
	ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal Actor actor, @Valid @RequestBody NewProject b) {
		long id = projects.create(actor, new RenovationProjects.NewProject(b.nodeId(), b.name(), b.year(),
				b.compoundIds(), b.buildings(), b.floorAreaM2(), b.budgetCents()));
		return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/renovation/projects/" + id)
			.body(view(actor, id));
	}

	@GetMapping("/projects/{id}")
	Map<String, Object> project(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return view(actor, id);
	}

	@PostMapping("/projects/{id}/scope-items")
	ResponseEntity<Map<String, Object>> scope(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody NewScopeItem b) {
		projects.addScopeItem(actor, id, b.kind(), b.description(), b.unit(), b.plannedQuantity());
		return ResponseEntity.status(HttpStatus.CREATED).body(view(actor, id));
	}

	@PostMapping("/projects/{id}/opinions")
	ResponseEntity<Map<String, Long>> opinion(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Text b) {
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", projects.opinion(actor, id, b.text())));
	}

	@PostMapping("/projects/{id}/fix-scope")
	Map<String, Object> fixScope(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		projects.fixScope(actor, id);
		return view(actor, id);
	}

	@PostMapping("/projects/{id}/milestones")
	ResponseEntity<Map<String, Object>> milestone(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody NewMilestone b) {
		projects.addMilestone(actor, id, b.name(), b.dueOn());
		return ResponseEntity.status(HttpStatus.CREATED).body(view(actor, id));
	}

	@PostMapping("/projects/{id}/milestones/{milestoneId}/progress")
	Map<String, Object> progress(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@PathVariable long milestoneId, @Valid @RequestBody Progress b) {
		projects.progress(actor, id, milestoneId, b.progressPct());
		return view(actor, id);
	}

	@PostMapping("/projects/{id}/scope-items/{itemId}/done")
	Map<String, Object> done(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long itemId,
			@Valid @RequestBody Done b) {
		projects.done(actor, id, itemId, b.doneQuantity());
		return view(actor, id);
	}

	@PostMapping("/projects/{id}/acceptance/steps")
	Map<String, Object> step(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody StepBody b) {
		projects.step(actor, id, b.step(), b.passed(), b.note());
		return view(actor, id);
	}

	@PostMapping("/projects/{id}/defects")
	ResponseEntity<Map<String, Object>> defect(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody DefectBody b) {
		projects.defect(actor, id, b.description());
		return ResponseEntity.status(HttpStatus.CREATED).body(view(actor, id));
	}

	@PostMapping("/projects/{id}/defects/{defectId}/fix")
	Map<String, Object> fix(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long defectId,
			@Valid @RequestBody Fix b) {
		projects.fix(actor, id, defectId, b.note());
		return view(actor, id);
	}

	@PostMapping("/projects/{id}/decision")
	Map<String, Object> decide(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Decision b) {
		projects.decide(actor, id, b.accepted(), b.note());
		return view(actor, id);
	}

	@GetMapping("/totals")
	RenovationProjects.Totals totals(@AuthenticationPrincipal Actor actor, @RequestParam long nodeId) {
		return projects.totals(actor, nodeId);
	}

	private Map<String, Object> view(Actor actor, long id) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("project", projects.visible(actor, id));
		body.put("scope", projects.scope(id));
		body.put("opinions", projects.opinions(id).size());
		body.put("milestones", projects.milestones(id));
		body.put("acceptance", projects.steps(id));
		body.put("defects", projects.defects(id));
		return body;
	}
}
