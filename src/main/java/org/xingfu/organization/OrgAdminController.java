package org.xingfu.organization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.organization.OrgForms.AreaForm;
import org.xingfu.organization.OrgForms.HouseholdForm;
import org.xingfu.organization.OrgForms.NodeForm;
import org.xingfu.organization.OrgForms.PersonEditForm;
import org.xingfu.organization.OrgForms.PersonForm;
import org.xingfu.organization.OrgForms.RoleForm;
import org.xingfu.organization.OrgForms.TitleForm;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.Role;

import jakarta.servlet.http.HttpServletResponse;

/** Staff pages: browse the tree of one's scope, add nodes and households, register people, import and export. */
@Controller
@RequestMapping("/admin/org")
class OrgAdminController {

	private static final int PAGE_SIZE = 50;

	private final OrganizationDirectory directory;
	private final OrganizationManagement management;
	private final HouseholdImport households;
	private final RoleTitles titles;
	private final PersonalDataViews views;
	private final List<PersonPageSection> sections;

	OrgAdminController(OrganizationDirectory directory, OrganizationManagement management, HouseholdImport households,
			RoleTitles titles, PersonalDataViews views, List<PersonPageSection> sections) {
		this.views = views;
		this.sections = sections;
		this.directory = directory;
		this.management = management;
		this.households = households;
		this.titles = titles;
	}

	@GetMapping
	String roots(@AuthenticationPrincipal Actor actor, Model model) {
		List<NodeRef> roots = directory.scopeRoots(actor);
		if (roots.size() == 1) {
			return "redirect:/admin/org/nodes/" + roots.getFirst().id();
		}
		model.addAttribute("roots", roots);
		return "org/roots";
	}

	@GetMapping("/nodes/{id}")
	String node(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(defaultValue = "0") int page, Model model) {
		NodeView node = directory.node(actor, id);
		model.addAttribute("node", node);
		model.addAttribute("trail", directory.ancestry(node.path()).stream().filter(n -> actor.canRead(n.path())).toList());
		model.addAttribute("editor", actor.reaches(node.path(), Role.ORG_EDITORS));
		model.addAttribute("childType", node.type().childType().orElse(null));
		model.addAttribute("canExport", node.type().ordinal() >= NodeType.COMPOUND.ordinal());
		model.addAttribute("canImport", node.type() == NodeType.COMPOUND && actor.reaches(node.path(), Role.ORG_EDITORS));
		if (node.type() == NodeType.UNIT) {
			var unitHouseholds = directory.householdsOfUnit(actor, id);
			model.addAttribute("households", unitHouseholds);
			if (actor.seesPersonalDataAt(node.path()) && !unitHouseholds.isEmpty()) {
				views.listed(actor, "unit", id, node.path(), unitHouseholds.size() + " households");
			}
		}
		else {
			model.addAttribute("children", directory.children(actor, id, Math.max(0, page), PAGE_SIZE));
		}
		model.addAttribute("masked", !actor.seesPersonalDataAt(node.path()));
		model.addAttribute("details", directory.details(actor, id));
		model.addAttribute("assignableRoles", OrganizationManagement.rolesAt(node.type()));
		if (!model.containsAttribute("roleForm")) {
			model.addAttribute("roleForm", new RoleForm(null, "", "", null, ""));
		}
		if (!model.containsAttribute("nodeForm")) {
			model.addAttribute("nodeForm", new NodeForm(""));
		}
		if (!model.containsAttribute("householdForm")) {
			model.addAttribute("householdForm", new HouseholdForm("", null));
		}
		return "org/node";
	}

	@PostMapping("/nodes/{id}/children")
	String addChild(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Validated @ModelAttribute("nodeForm") NodeForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		NodeView parent = directory.node(actor, id);
		if (!errors.hasErrors()) {
			try {
				NodeType type = parent.type().childType().orElseThrow();
				management.createNode(actor, id, type, form.name());
				redirect.addFlashAttribute("flash", "flash.nodeCreated");
				return "redirect:/admin/org/nodes/" + id;
			}
			catch (ConflictException ex) {
				errors.rejectValue("name", ex.messageKey(), ex.args(), ex.messageKey());
			}
		}
		return node(actor, id, 0, model);
	}

	@PostMapping("/nodes/{id}/households")
	String addHousehold(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Validated @ModelAttribute("householdForm") HouseholdForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		directory.node(actor, id);
		if (!errors.hasErrors()) {
			try {
				management.createHousehold(actor, id, form.room(), form.areaM2());
				redirect.addFlashAttribute("flash", "flash.householdCreated");
				return "redirect:/admin/org/nodes/" + id;
			}
			catch (ConflictException ex) {
				errors.rejectValue("room", ex.messageKey(), ex.args(), ex.messageKey());
			}
		}
		return node(actor, id, 0, model);
	}

	@PostMapping("/nodes/{id}/roles")
	String assignRole(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Validated @ModelAttribute("roleForm") RoleForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		directory.node(actor, id);
		if (!errors.hasErrors()) {
			try {
				management.assignRole(actor, id, form.role(), form.name(), form.phone(), form.gridId(),
						form.originUnit());
				redirect.addFlashAttribute("flash", "flash.roleAssigned");
				return "redirect:/admin/org/nodes/" + id;
			}
			catch (ConflictException ex) {
				errors.rejectValue(ex.messageKey().equals("org.error.gridRequired") ? "gridId" : "role",
						ex.messageKey(), ex.args(), ex.messageKey());
			}
		}
		return node(actor, id, 0, model);
	}

	@PostMapping("/roles/{assignmentId}/revoke")
	String revokeRole(@AuthenticationPrincipal Actor actor, @PathVariable long assignmentId,
			@RequestParam long nodeId, RedirectAttributes redirect) {
		management.revokeRole(actor, assignmentId);
		redirect.addFlashAttribute("flash", "flash.roleRevoked");
		return "redirect:/admin/org/nodes/" + nodeId;
	}

	@GetMapping("/people/{id}")
	String person(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		PersonView person = directory.person(actor, id);
		String home = directory.personHome(actor, id).orElseThrow();
		if (!person.masked()) {
			views.viewed(actor, "person", id, home);
		}
		model.addAttribute("person", person);
		model.addAttribute("editor", actor.reaches(home, Role.ORG_EDITORS));
		model.addAttribute("sections", sections.stream().flatMap(s -> s.section(actor, id).stream()).toList());
		if (!model.containsAttribute("personEditForm")) {
			model.addAttribute("personEditForm", new PersonEditForm(person.masked() ? "" : person.name(),
					person.masked() ? "" : person.phone()));
		}
		return "org/person";
	}

	@PostMapping("/people/{id}")
	String updatePerson(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Validated @ModelAttribute("personEditForm") PersonEditForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			management.updatePerson(actor, id, form.name(), form.phone());
			redirect.addFlashAttribute("flash", "flash.saved");
			return "redirect:/admin/org/people/" + id;
		}
		return person(actor, id, model);
	}

	@GetMapping("/role-titles")
	String roleTitles(@AuthenticationPrincipal Actor actor, Model model) {
		if (!actor.has(Role.CITY_ADMIN)) {
			throw new org.xingfu.shared.ForbiddenException("role titles");
		}
		model.addAttribute("roles", List.of(Role.GRID_HEAD, Role.BUILDING_HEAD, Role.UNIT_HEAD));
		model.addAttribute("custom", titles.custom());
		if (!model.containsAttribute("titleForm")) {
			model.addAttribute("titleForm", new TitleForm(Role.GRID_HEAD, "", ""));
		}
		return "org/role-titles";
	}

	@PostMapping("/role-titles")
	String renameRole(@AuthenticationPrincipal Actor actor, @Validated @ModelAttribute("titleForm") TitleForm form,
			BindingResult errors, Model model, RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			management.renameRole(actor, form.role(), form.titleZh(), form.titleEn());
			redirect.addFlashAttribute("flash", "flash.saved");
			return "redirect:/admin/org/role-titles";
		}
		return roleTitles(actor, model);
	}

	@GetMapping("/households/{id}")
	String household(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		HouseholdView household = directory.household(actor, id);
		if (household.people().stream().anyMatch(p -> !p.masked())) {
			views.viewed(actor, "household", id, household.path());
		}
		model.addAttribute("household", household);
		model.addAttribute("trail", directory.ancestry(household.path()).stream().filter(n -> actor.canRead(n.path())).toList());
		model.addAttribute("editor", actor.reaches(household.path(), Role.ORG_EDITORS));
		if (!model.containsAttribute("areaForm")) {
			model.addAttribute("areaForm", new AreaForm(household.areaM2(), household.version()));
		}
		if (!model.containsAttribute("personForm")) {
			model.addAttribute("personForm", new PersonForm("", "", OrganizationManagement.Relation.RESIDENT, null));
		}
		model.addAttribute("relations", OrganizationManagement.Relation.values());
		return "org/household";
	}

	@PostMapping("/households/{id}")
	String updateHousehold(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Validated @ModelAttribute("areaForm") AreaForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			try {
				management.updateHousehold(actor, id, form.areaM2(), form.version());
				redirect.addFlashAttribute("flash", "flash.saved");
				return "redirect:/admin/org/households/" + id;
			}
			catch (ConflictException ex) {
				errors.rejectValue("areaM2", ex.messageKey(), ex.args(), ex.messageKey());
			}
		}
		return household(actor, id, model);
	}

	@PostMapping("/households/{id}/people")
	String addPerson(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Validated @ModelAttribute("personForm") PersonForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		if (form.sharePct() != null && form.relation() != OrganizationManagement.Relation.OWNER) {
			errors.rejectValue("sharePct", "org.error.shareOwnerOnly");
		}
		if (!errors.hasErrors()) {
			management.addPerson(actor, id, form.name(), form.phone(), form.relation(), form.sharePct());
			redirect.addFlashAttribute("flash", "flash.personAdded");
			return "redirect:/admin/org/households/" + id;
		}
		return household(actor, id, model);
	}

	@GetMapping("/people")
	String people(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String q,
			@RequestParam(defaultValue = "people") String kind, @RequestParam(defaultValue = "0") int page,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		String query = q.length() > 50 ? q.substring(0, 50) : q;
		boolean households = "households".equals(kind);
		model.addAttribute("q", query);
		model.addAttribute("kind", households ? "households" : "people");
		org.xingfu.shared.PageResult<?> result = households
				? directory.searchHouseholds(actor, query, Math.max(0, page), PAGE_SIZE)
				: directory.searchPeople(actor, query, Math.max(0, page), PAGE_SIZE);
		model.addAttribute("result", result);
		if (!query.isBlank() && !result.items().isEmpty()) {
			// the search term is not kept: it may be a name or a phone number
			views.listed(actor, households ? "household-search" : "person-search", 0,
					actor.scopePaths().stream().findFirst().orElse(null), result.items().size() + " rows, page " + page);
		}
		return htmx != null ? "org/people :: results" : "org/people";
	}

	@GetMapping("/nodes/{id}/import")
	String importForm(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		NodeRef node = management.editableNode(actor, id);
		if (node.type() != NodeType.COMPOUND) {
			throw new org.xingfu.shared.NotFoundException("compound", id);
		}
		model.addAttribute("node", node);
		return "org/import";
	}

	@PostMapping("/nodes/{id}/import")
	String importFile(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(name = "file", required = false) MultipartFile file, Model model,
			RedirectAttributes redirect) throws IOException {
		NodeRef node = management.editableNode(actor, id);
		model.addAttribute("node", node);
		if (file == null || file.isEmpty()) {
			model.addAttribute("fileError", "import.error.noFile");
			return "org/import";
		}
		HouseholdImport.Result result = households.importInto(actor, id, file.getInputStream());
		if (!result.ok()) {
			model.addAttribute("result", result);
			return "org/import";
		}
		redirect.addFlashAttribute("flash", "flash.imported");
		redirect.addFlashAttribute("imported", result);
		return "redirect:/admin/org/nodes/" + id;
	}

	@GetMapping("/import-template.xlsx")
	void template(HttpServletResponse response) throws IOException {
		attachment(response, "住户导入模板.xlsx");
		HouseholdImport.template(response.getOutputStream());
	}

	@GetMapping("/nodes/{id}/export.xlsx")
	void export(@AuthenticationPrincipal Actor actor, @PathVariable long id, HttpServletResponse response)
			throws IOException {
		NodeView node = directory.node(actor, id);
		if (node.type().ordinal() < NodeType.COMPOUND.ordinal() || node.type() == NodeType.HOUSEHOLD) {
			throw new org.xingfu.shared.NotFoundException("export", id);
		}
		attachment(response, node.name() + "-住户.xlsx");
		households.export(actor, id, response.getOutputStream());
	}

	private static void attachment(HttpServletResponse response, String filename) {
		response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename(filename, StandardCharsets.UTF_8).build().toString());
	}
}
