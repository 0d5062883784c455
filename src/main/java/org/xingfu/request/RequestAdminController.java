package org.xingfu.request;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

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
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.NodeView;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.PageResult;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Staff pages: the queue of one's area, a case with its actions, intake on a resident's behalf, the three rates. */
@Controller
@RequestMapping("/admin/requests")
class RequestAdminController {

	record ActionForm(@Size(max = 500) String note, @Size(max = 50) String toUsername, Long toNodeId, Long intoId) {
	}

	record IntakeForm(@NotBlank @Size(max = 40) String category, @NotBlank @Size(max = 100) String title,
			@NotBlank @Size(max = 2000) String description,
			@NotNull @Pattern(regexp = "EMERGENCY|UTILITY|GENERAL|COMPLEX") String urgency, @NotNull Long nodeId,
			@NotNull @Pattern(regexp = "PHONE|IN_PERSON|HOTLINE") String channel, @Size(max = 50) String residentName,
			@Pattern(regexp = "^(1\\d{10})?$") String residentPhone) {
	}

	/** One row of the rates table: a child node and its rates. */
	record RatesRow(NodeRef node, RequestRates rates) {
	}

	private final RequestManagement management;
	private final RequestQueries queries;
	private final RequestPhotos photos;
	private final OrganizationDirectory directory;
	private final org.springframework.context.MessageSource messages;
	private final org.springframework.context.ApplicationEventPublisher events;

	RequestAdminController(RequestManagement management, RequestQueries queries, RequestPhotos photos,
			OrganizationDirectory directory, org.springframework.context.MessageSource messages,
			org.springframework.context.ApplicationEventPublisher events) {
		this.management = management;
		this.queries = queries;
		this.photos = photos;
		this.directory = directory;
		this.messages = messages;
		this.events = events;
	}

	@GetMapping
	String queue(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "OPEN") String status,
			@RequestParam(defaultValue = "false") boolean overdue, @RequestParam(defaultValue = "") String category,
			@RequestParam(required = false) Long nodeId, @RequestParam(defaultValue = "0") int page,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		String s = status(status);
		String c = category.length() <= 40 ? category : "";
		model.addAttribute("result", filtered(actor, s, overdue, c, nodeId, Math.max(0, page), 30));
		model.addAttribute("status", s == null ? "ALL" : s);
		model.addAttribute("overdue", overdue);
		model.addAttribute("category", c);
		model.addAttribute("categories", queries.categories(actor.cityId()));
		model.addAttribute("newCount", newCount(actor));
		model.addAttribute("places", directory.compoundsInScope(actor, 500));
		model.addAttribute("nodeId", nodeId);
		return htmx != null ? "admin/requests/queue :: table" : "admin/requests/queue";
	}

	private static String status(String status) {
		return status.matches("OPEN|SUBMITTED|ACCEPTED|IN_PROGRESS|RESOLVED|CLOSED|REJECTED|MERGED") ? status : null;
	}

	private PageResult<RequestView> filtered(Actor actor, String status, boolean overdue, String category, Long nodeId,
			int page, int size) {
		// a place outside the actor's area filters to nothing rather than revealing anything
		Long place = nodeId == null ? null : directory.findNode(nodeId).filter(n -> actor.canRead(n.path()))
			.map(NodeRef::id).orElse(-1L);
		return place != null && place == -1L ? new PageResult<RequestView>(List.of(), 0, size, 0)
				: queries.list(actor, new RequestQueries.Filter(status, place, overdue ? true : null,
						category.isBlank() ? null : category), page, size);
	}

	/**
	 * The queue with its active filters as a sheet (up to 10,000 cases); residents' names and phones as the role may
	 * see them on the page, and the export recorded in the audit log.
	 */
	@GetMapping("/export.xlsx")
	org.springframework.http.ResponseEntity<byte[]> export(@AuthenticationPrincipal Actor actor,
			@RequestParam(defaultValue = "OPEN") String status, @RequestParam(defaultValue = "false") boolean overdue,
			@RequestParam(defaultValue = "") String category, @RequestParam(required = false) Long nodeId,
			java.util.Locale locale) {
		String s = status(status);
		String c = category.length() <= 40 ? category : "";
		// up to 10,000 cases, which may be a moment behind: from the read replica when there is one
		PageResult<RequestView> result = org.xingfu.shared.ReadReplica.read(
				() -> filtered(actor, s, overdue, c, nodeId, 0, org.xingfu.shared.Sheets.MAX_ROWS));
		java.util.function.Function<String, String> m = k -> messages.getMessage(k, null, k, locale);
		List<List<Object>> rows = new java.util.ArrayList<>();
		for (RequestView r : result.items()) {
			rows.add(java.util.Arrays.asList(r.id(), r.title(), r.categoryName(), r.place(), m.apply("status." + r.status()),
					r.overdue() ? m.apply("queue.overdue") : "", r.submittedAt(), r.acceptDueAt(), r.resolveDueAt(),
					r.ownerUsername(), r.residentName(), r.residentPhone()));
		}
		String filters = m.apply("queue.status") + "：" + (s == null ? m.apply("queue.allStatuses") : s.equals("OPEN") ? m.apply("queue.open")
				: m.apply("status." + s)) + (overdue ? "，" + m.apply("queue.overdueOnly") : "")
				+ (c.isBlank() ? "" : "，" + c) + (nodeId == null ? "" : "，" + directory.findNode(nodeId)
					.filter(n -> actor.canRead(n.path())).map(NodeRef::name).orElse(""));
		events.publishEvent(org.xingfu.shared.ActionRecorded.of(actor.username(), "REQUESTS_EXPORTED", "request-list", 0,
				actor.scopePaths(org.xingfu.shared.Role.STAFF).stream().findFirst().orElse("/"), rows.size() + " rows; " + filters));
		return org.xingfu.shared.Sheets.download("requests.xlsx", org.xingfu.shared.Sheets.of(m.apply("queue.title"),
				m.apply("queue.title") + "（" + filters + "）", List.of(m.apply("export.id"), m.apply("export.title"), m.apply("export.category"),
						m.apply("export.place"), m.apply("queue.status"), m.apply("queue.overdue"), m.apply("export.submittedAt"),
						m.apply("queue.acceptDue"), m.apply("queue.resolveDue"), m.apply("queue.owner"), m.apply("queue.resident"),
						m.apply("export.phone")),
				rows));
	}

	/** The live count of new cases in the queue, polled by the page. */
	@GetMapping("/count")
	@ResponseBody
	String count(@AuthenticationPrincipal Actor actor) {
		return String.valueOf(newCount(actor));
	}

	private long newCount(Actor actor) {
		return queries.list(actor, new RequestQueries.Filter("SUBMITTED", null, null, null), 0, 1).total();
	}

	@GetMapping("/{id}")
	String detail(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		RequestView request = queries.detail(actor, id);
		model.addAttribute("request", request);
		model.addAttribute("photos", photos.of(actor, id));
		model.addAttribute("origin", management.origin(id).orElse(null));
		model.addAttribute("mayAnswer", management.mayAnswerPublic(actor, id));
		model.addAttribute("owner", actor.username().equals(request.ownerUsername()));
		model.addAttribute("summonses", management.summonses(actor, id));
		model.addAttribute("maySummon", actor.reaches(directory.findNode(request.nodeId()).orElseThrow().path(),
				java.util.EnumSet.of(org.xingfu.shared.Role.STREET_ADMIN, org.xingfu.shared.Role.CITY_ADMIN)));
		model.addAttribute("summonedHere", management.summonses(actor, id).stream()
			.anyMatch(s -> s.department().equals(actor.username()) && s.acknowledgedAt() == null));
		model.addAttribute("ladder", directory.ancestry(directory.findNode(request.nodeId()).orElseThrow().path()).stream()
			.filter(n -> n.type().ordinal() <= NodeType.COMPOUND.ordinal()).toList());
		if (!model.containsAttribute("actionForm")) {
			model.addAttribute("actionForm", new ActionForm("", "", null, null));
		}
		return "admin/requests/detail";
	}

	@PostMapping("/{id}/{action}")
	String act(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable String action,
			@Validated @ModelAttribute("actionForm") ActionForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		String note = form.note() == null ? "" : form.note().strip();
		boolean needsReason = action.equals("escalate") || action.equals("reject") || action.equals("transfer")
				|| action.equals("note");
		if (action.equals("summon") && (form.toUsername() == null || form.toUsername().isBlank())) {
			errors.rejectValue("toUsername", "NotBlank");
		}
		if (needsReason && note.isEmpty()) {
			errors.rejectValue("note", "NotBlank");
		}
		if (!errors.hasErrors()) {
			try {
				switch (action) {
					case "accept" -> management.accept(actor, id);
					case "resolve" -> management.resolve(actor, id, note);
					case "escalate" -> management.escalate(actor, id, note);
					case "reject" -> management.reject(actor, id, note);
					case "transfer" -> management.transfer(actor, id, form.toUsername(), form.toNodeId(), note);
					case "summon" -> management.summon(actor, id, form.toUsername(), note);
					case "note" -> management.note(actor, id, note, true);
					case "acknowledge" -> management.acknowledge(actor, id);
					case "merge" -> {
						if (form.intoId() == null) {
							throw new InvalidFieldException("intoId", "request.error.mergeTarget");
						}
						management.merge(actor, id, form.intoId());
					}
					default -> throw new org.xingfu.shared.NotFoundException("action", action);
				}
				redirect.addFlashAttribute("flash", "flash.request." + action);
				return "redirect:/admin/requests/" + id;
			}
			catch (ConflictException ex) {
				model.addAttribute("actionError", ex.messageKey());
				model.addAttribute("actionArgs", ex.args());
			}
			catch (InvalidFieldException ex) {
				model.addAttribute("actionError", ex.messageKey());
				model.addAttribute("actionArgs", new Object[0]);
			}
		}
		return detail(actor, id, model);
	}

	@GetMapping("/new")
	String intake(@AuthenticationPrincipal Actor actor, Model model) {
		if (!model.containsAttribute("intakeForm")) {
			model.addAttribute("intakeForm", new IntakeForm("", "", "", "GENERAL", null, "PHONE", "", ""));
		}
		model.addAttribute("categories", queries.categories(actor.cityId()));
		model.addAttribute("compounds", directory.compoundsInScope(actor, 500));
		return "admin/requests/new";
	}

	@PostMapping("/new")
	String fileOnBehalf(@AuthenticationPrincipal Actor actor, @Validated @ModelAttribute("intakeForm") IntakeForm form,
			BindingResult errors, Model model, RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			try {
				long id = management.submit(actor, new RequestManagement.Submission(form.category(), form.title(),
						form.description(), form.urgency(), form.nodeId(), form.channel(), form.residentName(),
						form.residentPhone(), "PHONE"));
				redirect.addFlashAttribute("flash", "flash.requestSubmitted");
				return "redirect:/admin/requests/" + id;
			}
			catch (InvalidFieldException ex) {
				errors.rejectValue(ex.field().equals("category") ? "category" : "nodeId", ex.messageKey());
			}
		}
		return intake(actor, model);
	}

	@GetMapping("/rates")
	String rates(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long nodeId,
			@RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to, Model model) {
		List<NodeRef> roots = directory.scopeRoots(actor);
		if (roots.isEmpty()) {
			throw new org.xingfu.shared.NotFoundException("node", nodeId);
		}
		long id = nodeId == null ? roots.getFirst().id() : nodeId;
		LocalDate end = to == null ? LocalDate.now(BusinessCalendar.ZONE) : to;
		LocalDate start = from == null || from.isAfter(end) ? end.withDayOfYear(1) : from;
		Instant a = start.atStartOfDay(BusinessCalendar.ZONE).toInstant();
		Instant b = end.plusDays(1).atStartOfDay(BusinessCalendar.ZONE).toInstant();
		NodeView node = directory.node(actor, id);
		model.addAttribute("node", node);
		model.addAttribute("trail", directory.ancestry(node.path()).stream().filter(n -> actor.canRead(n.path())).toList());
		model.addAttribute("rates", queries.rates(actor, id, a, b));
		List<RatesRow> rows = new ArrayList<>();
		if (node.type().ordinal() < NodeType.COMPOUND.ordinal()) {
			PageResult<NodeView> children = directory.children(actor, id, 0, 100);
			for (NodeView child : children.items()) {
				rows.add(new RatesRow(new NodeRef(child.id(), child.type(), child.name(), child.parentId(), child.path()),
						queries.rates(actor, child.id(), a, b)));
			}
		}
		model.addAttribute("rows", rows);
		List<String> months = new ArrayList<>();
		List<String> response = new ArrayList<>();
		List<String> resolution = new ArrayList<>();
		List<String> satisfaction = new ArrayList<>();
		YearMonth last = YearMonth.from(end);
		for (YearMonth m = last.minusMonths(11); !m.isAfter(last); m = m.plusMonths(1)) {
			RequestRates r = queries.rates(actor, id, m.atDay(1).atStartOfDay(BusinessCalendar.ZONE).toInstant(),
					m.plusMonths(1).atDay(1).atStartOfDay(BusinessCalendar.ZONE).toInstant());
			months.add(m.toString());
			response.add(percent(r.responseRate()));
			resolution.add(percent(r.resolutionRate()));
			satisfaction.add(percent(r.satisfactionRate()));
		}
		model.addAttribute("months", String.join(",", months));
		model.addAttribute("trendResponse", String.join(",", response));
		model.addAttribute("trendResolution", String.join(",", resolution));
		model.addAttribute("trendSatisfaction", String.join(",", satisfaction));
		model.addAttribute("from", start);
		model.addAttribute("to", end);
		return "admin/requests/rates";
	}

	private static String percent(java.math.BigDecimal rate) {
		return rate == null ? "" : rate.movePointRight(2).stripTrailingZeros().toPlainString();
	}
}
