package org.xingfu.matching;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xingfu.matching.TwoWayLists.Category;
import org.xingfu.matching.TwoWayLists.Demand;
import org.xingfu.matching.TwoWayLists.DemandStatus;
import org.xingfu.matching.TwoWayLists.Kind;
import org.xingfu.matching.TwoWayLists.Resource;
import org.xingfu.shared.Actor;
import org.xingfu.shared.PageResult;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** 双向清单 over JSON. */
@RestController
class MatchingApiController {

	record NewResource(@NotNull Kind kind, @NotNull Category category, @NotBlank @Size(max = 60) String title,
			@NotBlank @Size(max = 1000) String description, @NotNull @Min(1) @Max(10000) Integer capacity,
			Long areaNodeId, @NotNull LocalDate validUntil) {
	}

	record NewDemand(@NotNull Long nodeId, @NotNull Category category, @NotBlank @Size(max = 60) String title,
			@NotBlank @Size(max = 1000) String description, @NotNull LocalDate wantedBy,
			@NotNull @Min(1) @Max(100000) Integer beneficiaries) {
	}

	record Claim(Long resourceId) {
	}

	record Note(@Size(max = 500) String note) {
	}

	/** A demand with its photos. */
	record DemandView(Demand demand, List<Long> photoIds) {
	}

	private final TwoWayLists lists;
	private final MatchingQueries queries;

	MatchingApiController(TwoWayLists lists, MatchingQueries queries) {
		this.lists = lists;
		this.queries = queries;
	}

	@GetMapping("/api/v1/resources")
	List<Resource> resources(@AuthenticationPrincipal Actor actor) {
		return queries.resources(actor);
	}

	@PostMapping("/api/v1/resources")
	ResponseEntity<Map<String, Long>> publish(@AuthenticationPrincipal Actor actor, @Valid @RequestBody NewResource body) {
		long id = lists.publishResource(actor, new TwoWayLists.NewResource(body.kind(), body.category(), body.title(),
				body.description(), body.capacity(), body.areaNodeId(), body.validUntil()));
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
	}

	@GetMapping("/api/v1/demands")
	PageResult<Demand> demands(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) DemandStatus status,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return queries.demands(actor, status, Math.max(0, page), Math.clamp(size, 1, 100));
	}

	@PostMapping("/api/v1/demands")
	ResponseEntity<DemandView> post(@AuthenticationPrincipal Actor actor, @Valid @RequestBody NewDemand body) {
		long id = lists.postDemand(actor, new TwoWayLists.NewDemand(body.nodeId(), body.category(), body.title(),
				body.description(), body.wantedBy(), body.beneficiaries()));
		return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/demands/" + id).body(view(actor, id));
	}

	@GetMapping("/api/v1/demands/{id}")
	DemandView demand(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return view(actor, id);
	}

	@GetMapping("/api/v1/demands/{id}/suggestions")
	List<MatchingQueries.Suggestion> suggestions(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return queries.suggestions(actor, id);
	}

	@PostMapping("/api/v1/demands/{id}/claim")
	DemandView claim(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestBody(required = false) Claim body) {
		lists.claim(actor, id, body == null ? null : body.resourceId());
		return view(actor, id);
	}

	@PostMapping("/api/v1/demands/{id}/deliver")
	DemandView deliver(@AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody Note body)
			throws IOException {
		lists.deliver(actor, id, body.note(), List.of());
		return view(actor, id);
	}

	@PostMapping("/api/v1/demands/{id}/confirm")
	DemandView confirm(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		lists.confirm(actor, id);
		return view(actor, id);
	}

	@GetMapping("/api/v1/alliances/{id}/ledger")
	MatchingQueries.Ledger ledger(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return queries.ledger(actor, id);
	}

	private DemandView view(Actor actor, long id) {
		return new DemandView(lists.visible(actor, id), lists.photoIds(id));
	}
}
