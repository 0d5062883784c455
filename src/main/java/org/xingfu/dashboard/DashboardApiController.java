package org.xingfu.dashboard;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xingfu.shared.Actor;
import org.xingfu.shared.Figure;

/** The dashboard figures of a node as JSON, for other government systems and the big screens of others. */
@RestController
@RequestMapping("/api/v1/dashboard")
class DashboardApiController {

	record FigureJson(String code, String kind, BigDecimal value, String link) {
		static FigureJson of(Figure f) {
			return new FigureJson(f.code(), f.kind().name(), f.value(), f.link());
		}
	}

	record ChildJson(long id, String name, String type, List<FigureJson> figures) {
	}

	record NodeDashboardJson(long id, String name, String type, LocalDate from, LocalDate to, List<FigureJson> figures,
			List<ChildJson> children, List<String> months, Map<String, List<BigDecimal>> trend) {
	}

	private final Dashboards dashboards;

	DashboardApiController(Dashboards dashboards) {
		this.dashboards = dashboards;
	}

	@GetMapping("/nodes/{id}")
	NodeDashboardJson node(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to) {
		Dashboards.Dashboard d = dashboards.of(actor, id, from, to);
		return new NodeDashboardJson(d.node().id(), d.node().name(), d.node().type().name(), d.from(), d.to(),
				d.figures().stream().map(FigureJson::of).toList(),
				d.children().stream().map(r -> new ChildJson(r.node().id(), r.node().name(), r.node().type().name(),
						r.figures().values().stream().map(FigureJson::of).toList())).toList(),
				d.trend().months(), d.trend().series());
	}
}
