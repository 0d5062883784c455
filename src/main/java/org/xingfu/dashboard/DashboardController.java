package org.xingfu.dashboard;

import java.time.LocalDate;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.organization.NodeRef;
import org.xingfu.shared.Actor;
import org.xingfu.shared.Figure;
import org.xingfu.shared.ForbiddenException;

/**
 * Dashboard pages: a node's figures with drill-down, the big screen of the command centre, the public page of a
 * street or the city (no login), and the drill-down table as a sheet.
 */
@Controller
class DashboardController {

	private final Dashboards dashboards;
	private final WeeklyReports reports;
	private final MessageSource messages;

	DashboardController(Dashboards dashboards, WeeklyReports reports, MessageSource messages) {
		this.dashboards = dashboards;
		this.reports = reports;
		this.messages = messages;
	}

	@GetMapping("/dashboard/weekly")
	String weekly(@AuthenticationPrincipal Actor actor, @RequestParam long nodeId, Model model) {
		model.addAttribute("node", reports.reportNode(actor, nodeId));
		model.addAttribute("reports", reports.list(actor, nodeId));
		model.addAttribute("lastWeek", WeeklyReports.weekOf(dashboards.today()).minusWeeks(1));
		return "dashboard/weekly";
	}

	@PostMapping("/dashboard/weekly")
	String makeWeekly(@AuthenticationPrincipal Actor actor, @RequestParam long nodeId,
			@RequestParam(required = false) LocalDate day, RedirectAttributes redirect) {
		reports.make(actor, nodeId, day == null ? dashboards.today() : day);
		redirect.addFlashAttribute("flash", "flash.dashboard.weeklyMade");
		return "redirect:/dashboard/weekly?nodeId=" + nodeId;
	}

	@GetMapping("/dashboard/weekly/{id}.pdf")
	ResponseEntity<byte[]> weeklyPdf(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_TYPE, "application/pdf")
			.header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"weekly-" + id + ".pdf\"")
			.body(reports.pdf(actor, id));
	}

	@GetMapping("/dashboard")
	String dashboard(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long nodeId,
			@RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to, Model model) {
		long id = nodeId != null ? nodeId
				: dashboards.home(actor).map(NodeRef::id).orElseThrow(() -> new ForbiddenException("dashboard"));
		Dashboards.Dashboard d = dashboards.of(actor, id, from, to);
		model.addAttribute("d", d);
		model.addAttribute("keys", Dashboards.KEY_FIGURES);
		model.addAttribute("publicPage", d.node().type().ordinal() <= org.xingfu.shared.NodeType.STREET.ordinal());
		return "dashboard/index";
	}

	@GetMapping("/dashboard/screen")
	String screen(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long nodeId, Model model) {
		long id = nodeId != null ? nodeId
				: dashboards.home(actor).map(NodeRef::id).orElseThrow(() -> new ForbiddenException("dashboard"));
		model.addAttribute("d", dashboards.of(actor, id, null, null));
		model.addAttribute("keys", Dashboards.KEY_FIGURES);
		return "dashboard/screen";
	}

	/** The city's public page (the first city of the installation), linked from the sign-in page. */
	@GetMapping("/public/dashboard")
	String publicCity() {
		return "redirect:/public/dashboard/" + dashboards.firstCity().map(NodeRef::id).orElseThrow(
				() -> new org.xingfu.shared.NotFoundException("node", 0));
	}

	@GetMapping("/public/dashboard/{nodeId}")
	String publicPage(@PathVariable long nodeId, Model model) {
		model.addAttribute("d", dashboards.publicOf(nodeId));
		model.addAttribute("keys", Dashboards.KEY_FIGURES);
		return "dashboard/public";
	}

	/** The drill-down table with the period shown, one row per child, as .xlsx. */
	@GetMapping("/dashboard/children.xlsx")
	ResponseEntity<byte[]> sheet(@AuthenticationPrincipal Actor actor, @RequestParam long nodeId,
			@RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to, Locale locale) {
		Dashboards.Dashboard d = dashboards.of(actor, nodeId, from, to);
		java.util.List<String> headers = new java.util.ArrayList<>();
		headers.add(messages.getMessage("org.name", null, locale));
		Dashboards.KEY_FIGURES.forEach(code -> headers.add(messages.getMessage("figure." + code, null, locale)));
		java.util.List<java.util.List<Object>> rows = new java.util.ArrayList<>();
		for (Dashboards.Row row : d.children()) {
			java.util.List<Object> cells = new java.util.ArrayList<>();
			cells.add(row.node().name());
			for (String code : Dashboards.KEY_FIGURES) {
				Figure f = row.get(code);
				cells.add(f == null ? null : f.value());
			}
			rows.add(cells);
		}
		return org.xingfu.shared.Sheets.download("dashboard-" + nodeId + ".xlsx", org.xingfu.shared.Sheets.of(d.node().name(),
				d.node().name() + " " + d.from() + " – " + d.to(), headers, rows));
	}
}
