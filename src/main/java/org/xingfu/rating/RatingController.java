package org.xingfu.rating;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.RefusedAction;
import org.xingfu.shared.Role;

/**
 * Rating pages: the ranking of an area's compounds, a compound's rating with the inspectors' scoring and its
 * designation, the year's designations with the street's and the city's steps, and the rules.
 */
@Controller
class RatingController {

	private final CompoundRatings ratings;
	private final Designations designations;
	private final RatingRules rules;
	private final OrganizationDirectory directory;

	private final org.springframework.context.MessageSource messages;

	RatingController(CompoundRatings ratings, Designations designations, RatingRules rules, OrganizationDirectory directory,
			org.springframework.context.MessageSource messages) {
		this.messages = messages;
		this.ratings = ratings;
		this.designations = designations;
		this.rules = rules;
		this.directory = directory;
	}

	@GetMapping("/ratings")
	String ranking(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long nodeId,
			@RequestParam(required = false) Integer year, Model model) {
		int y = year == null ? ratings.currentYear() : year;
		NodeRef node = nodeId != null ? directory.findNode(nodeId).filter(n -> actor.reaches(n.path(), CompoundRatings.READERS))
			.filter(n -> n.type().ordinal() <= NodeType.COMPOUND.ordinal())
			.orElseThrow(() -> new NotFoundException("node", nodeId))
				: actor.scopePaths(CompoundRatings.READERS).stream().map(p -> p.split("/"))
					.map(p -> directory.findNode(Long.parseLong(p[p.length - 1]))).flatMap(java.util.Optional::stream)
					.filter(n -> n.type().ordinal() <= NodeType.COMPOUND.ordinal()).findFirst()
					.orElseThrow(() -> new ForbiddenException("ratings"));
		if (node.type() == NodeType.COMPOUND) {
			return "redirect:/ratings/compounds/" + node.id() + "?year=" + y;
		}
		model.addAttribute("node", node);
		model.addAttribute("year", y);
		model.addAttribute("ranking", ratings.ranking(node.path(), y, 500));
		model.addAttribute("inspector", actor.reaches(node.path(), CompoundRatings.INSPECTORS));
		return "rating/ranking";
	}

	/** The ranking as a sheet: the area's compounds with their totals, stars and the eight dimensions. */
	@GetMapping("/ratings/export.xlsx")
	org.springframework.http.ResponseEntity<byte[]> export(@AuthenticationPrincipal Actor actor, @RequestParam long nodeId,
			@RequestParam(required = false) Integer year) {
		int y = year == null ? ratings.currentYear() : year;
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.reaches(n.path(), CompoundRatings.READERS))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		List<RatingRules.DimensionRule> dims = rules.current().dimensions();
		List<String> headers = new ArrayList<>(List.of("#", "小区", "地址", "总分", "星级"));
		dims.forEach(d -> headers.add(d.nameZh() + "（%）"));
		List<List<Object>> rows = new ArrayList<>();
		int rank = 0;
		for (CompoundRatings.Ranked r : ratings.ranking(node.path(), y, org.xingfu.shared.Sheets.MAX_ROWS)) {
			List<Object> row = new ArrayList<>(List.of(++rank, r.compoundName(), directory.address(r.path()), r.total(), r.stars()));
			Map<String, BigDecimal> byDim = ratings.dimensionsOf(r.compoundId(), y);
			dims.forEach(d -> row.add(byDim.get(d.code())));
			rows.add(row);
		}
		return org.xingfu.shared.Sheets.download("ratings-" + y + ".xlsx", org.xingfu.shared.Sheets.of(y + "八好评星",
				node.name() + " " + y + "年八好评星排名", headers, rows));
	}

	@PostMapping("/ratings/recompute")
	String recompute(@AuthenticationPrincipal Actor actor, @RequestParam long nodeId, @RequestParam int year,
			RedirectAttributes redirect) {
		return act(redirect, "/ratings?nodeId=" + nodeId + "&year=" + year, "flash.rating.recomputed",
				() -> ratings.recompute(actor, nodeId, year));
	}

	@GetMapping("/ratings/compounds/{id}")
	String compound(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam(required = false) Integer year,
			Model model) {
		int y = year == null ? ratings.currentYear() : year;
		NodeRef compound = ratings.compound(actor, id);
		CompoundRatings.Rating rating = ratings.rate(actor, id, y);
		model.addAttribute("compound", compound);
		model.addAttribute("place", directory.address(compound.path()));
		model.addAttribute("year", y);
		model.addAttribute("rating", rating);
		model.addAttribute("scores", ratings.inspectionScores(id, y));
		model.addAttribute("months", ratings.months(id, y));
		model.addAttribute("inspector", actor.reaches(compound.path(), CompoundRatings.INSPECTORS));
		model.addAttribute("assessor", actor.reaches(compound.path(), Designations.SELF_ASSESSORS));
		model.addAttribute("designation", designations.ofCompound(id, y).orElse(null));
		model.addAttribute("periods", List.of(y + "-Q1", y + "-Q2", y + "-H1", y + "-Q3", y + "-Q4", y + "-H2", y + "-Y"));
		model.addAttribute("dimensionNames", dimensionNames(rating));
		model.addAttribute("levels", Designations.Level.values());
		return "rating/compound";
	}

	private static Map<String, String> dimensionNames(CompoundRatings.Rating rating) {
		Map<String, String> names = new LinkedHashMap<>();
		rating.dimensions().forEach(d -> names.put(d.code(), d.nameZh()));
		return names;
	}

	@PostMapping("/ratings/compounds/{id}/scores")
	String score(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam long indicatorId,
			@RequestParam String period, @RequestParam(required = false) String points,
			@RequestParam(required = false) String note, RedirectAttributes redirect) {
		int year = period.length() >= 4 && period.substring(0, 4).matches("[0-9]{4}") ? Integer.parseInt(period.substring(0, 4))
				: ratings.currentYear();
		return act(redirect, "/ratings/compounds/" + id + "?year=" + year, "flash.rating.scored",
				() -> ratings.score(actor, id, indicatorId, period, decimal(points, "points"), note));
	}

	@PostMapping("/ratings/compounds/{id}/designation")
	String selfAssess(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam int year,
			@RequestParam(required = false) String level, @RequestParam(required = false) String selfScore,
			@RequestParam(required = false) String selfNote, RedirectAttributes redirect) {
		return act(redirect, "/ratings/compounds/" + id + "?year=" + year, "flash.rating.selfAssessed",
				() -> designations.selfAssess(actor, id, year, level(level), decimal(selfScore, "selfScore"), selfNote));
	}

	@GetMapping("/ratings/designations")
	String designations(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Integer year, Model model) {
		int y = year == null ? ratings.currentYear() : year;
		List<Designations.Designation> list = designations.list(actor, y);
		model.addAttribute("year", y);
		model.addAttribute("designations", list);
		model.addAttribute("streetReviewer", actor.has(Role.STREET_ADMIN));
		model.addAttribute("cityAdmin", actor.has(Role.CITY_ADMIN));
		model.addAttribute("canPropose", actor.has(Role.CITY_ADMIN)
				&& list.stream().anyMatch(d -> "CITY_CHECKED".equals(d.status()))
				&& list.stream().noneMatch(d -> "PROPOSED".equals(d.status()) || "FINAL".equals(d.status())));
		model.addAttribute("canFinalise", actor.has(Role.CITY_ADMIN) && list.stream().anyMatch(d -> "PROPOSED".equals(d.status())));
		model.addAttribute("noticeId", list.stream().map(Designations.Designation::noticeId).filter(java.util.Objects::nonNull)
			.findFirst().orElse(null));
		model.addAttribute("finalNoticeId", list.stream().map(Designations.Designation::finalNoticeId)
			.filter(java.util.Objects::nonNull).findFirst().orElse(null));
		return "rating/designations";
	}

	/** The year's designations in the reader's area, as a sheet. */
	@GetMapping("/ratings/designations/export.xlsx")
	org.springframework.http.ResponseEntity<byte[]> designationSheet(@AuthenticationPrincipal Actor actor,
			@RequestParam(required = false) Integer year) {
		int y = year == null ? ratings.currentYear() : year;
		List<List<Object>> rows = new ArrayList<>();
		for (Designations.Designation d : designations.list(actor, y)) {
			rows.add(java.util.Arrays.asList(d.compoundName(), directory.address(d.nodePath()), org.xingfu.shared.Sheets.chinese(messages, "rating.level." + d.level()), org.xingfu.shared.Sheets.chinese(messages, "rating.status." + d.status()),
					d.selfScore(), d.computedScore(), d.streetNote(), d.cityNote(), d.rejectedReason()));
		}
		return org.xingfu.shared.Sheets.download("designations-" + y + ".xlsx", org.xingfu.shared.Sheets.of(y + "幸福小区",
				y + "年度幸福小区命名", List.of("小区", "地址", "级别", "状态", "自评分", "计算分", "街道意见", "市级意见", "未通过理由"), rows));
	}

	@PostMapping("/ratings/designations/{id}/review")
	String review(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam int year,
			@RequestParam boolean approve, @RequestParam(required = false) String note, RedirectAttributes redirect) {
		return act(redirect, "/ratings/designations?year=" + year, approve ? "flash.rating.approved" : "flash.rating.rejected",
				() -> designations.review(actor, id, approve, note));
	}

	@PostMapping("/ratings/designations/propose")
	String propose(@AuthenticationPrincipal Actor actor, @RequestParam int year,
			@RequestParam(defaultValue = "7") int publicityDays, RedirectAttributes redirect) {
		return act(redirect, "/ratings/designations?year=" + year, "flash.rating.proposed",
				() -> designations.propose(actor, year, publicityDays));
	}

	@PostMapping("/ratings/designations/finalise")
	String finalise(@AuthenticationPrincipal Actor actor, @RequestParam int year, RedirectAttributes redirect) {
		return act(redirect, "/ratings/designations?year=" + year, "flash.rating.finalised",
				() -> designations.finalise(actor, year));
	}

	@GetMapping("/ratings/settings")
	String settings(@AuthenticationPrincipal Actor actor, Model model) {
		if (!actor.has(Role.CITY_ADMIN)) {
			throw new ForbiddenException("rating-rules");
		}
		model.addAttribute("rules", rules.current());
		model.addAttribute("figureCodes", rules.figureCodes());
		return "rating/settings";
	}

	/** The whole form at once: dimensions' names, every indicator row (and a new one), the star thresholds. */
	@PostMapping("/ratings/settings")
	String saveSettings(@AuthenticationPrincipal Actor actor,
			@RequestParam Map<String, String> form, RedirectAttributes redirect) {
		return act(redirect, "/ratings/settings", "flash.rating.rulesSaved", () -> {
			Map<String, String[]> names = new LinkedHashMap<>();
			List<RatingRules.IndicatorChange> changes = new ArrayList<>();
			Map<Integer, BigDecimal> stars = new LinkedHashMap<>();
			for (RatingRules.DimensionRule d : rules.current().dimensions()) {
				if (form.containsKey("dim." + d.code() + ".zh")) {
					names.put(d.code(), new String[] { form.get("dim." + d.code() + ".zh"), form.get("dim." + d.code() + ".en") });
				}
			}
			for (int k = 0; form.containsKey("ind" + k + ".dimension"); k++) {
				String p = "ind" + k + ".";
				String id = form.get(p + "id");
				boolean isNew = id == null || id.isBlank();
				String name = form.get(p + "nameZh");
				if (isNew && (name == null || name.isBlank())) {
					continue; // the empty row for a new indicator
				}
				changes.add(new RatingRules.IndicatorChange(isNew ? null : Long.parseLong(id), form.get(p + "dimension"), name,
						form.get(p + "nameEn"), form.get(p + "source"), form.get(p + "figureCode"),
						"INSPECTION".equals(form.get(p + "source")) ? null : decimal(form.get(p + "target"), "indicators[" + k + "].target"),
						"on".equals(form.get(p + "lowerBetter")) || "true".equals(form.get(p + "lowerBetter")),
						decimal(form.get(p + "maxPoints"), "indicators[" + k + "].maxPoints"),
						"on".equals(form.get(p + "remove")) || "true".equals(form.get(p + "remove"))));
			}
			for (int s = 1; s <= 5; s++) {
				stars.put(s, decimal(form.get("stars" + s), "stars"));
			}
			rules.save(actor, names, changes, stars);
		});
	}

	private static BigDecimal decimal(String text, String field) {
		if (text == null || text.isBlank()) {
			throw new InvalidFieldException(field, "rating.error.number");
		}
		try {
			return new BigDecimal(text.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidFieldException(field, "rating.error.number");
		}
	}

	private static Designations.Level level(String text) {
		try {
			return text == null ? null : Designations.Level.valueOf(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String act(RedirectAttributes redirect, String back, String flash, Runnable action) {
		try {
			action.run();
			redirect.addFlashAttribute("flash", flash);
		}
		catch (ConflictException | InvalidFieldException | ForbiddenException ex) {
			RefusedAction.flash(redirect, ex, "rating.error.notYours");
		}
		return "redirect:" + back;
	}
}
