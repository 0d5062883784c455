package org.xingfu.organization;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;

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
import org.xingfu.shared.NodeType;
import org.xingfu.shared.PageResult;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** JSON API of the tree: what an integrating system or a script needs to read and build a compound. */
@RestController
@RequestMapping("/api/v1/org")
class OrgApiController {

	record NodeJson(long id, NodeType type, String name, Long parentId, long households, long residents) {
		static NodeJson of(NodeView v) {
			return new NodeJson(v.id(), v.type(), v.name(), v.parentId(), v.households(), v.residents());
		}
	}

	record Page<T>(List<T> items, int page, int size, long total) {
	}

	record CreateNode(@NotNull Long parentId, @NotNull NodeType type, @NotBlank @Size(max = 100) String name) {
	}

	record CreateHousehold(@NotNull Long unitId, @NotBlank @Size(max = 20) String room,
			@NotNull @DecimalMin("0.01") @DecimalMax("99999.99") @Digits(integer = 5, fraction = 2) BigDecimal areaM2) {
	}

	record HouseholdJson(long id, long unitId, String room, BigDecimal areaM2) {
	}

	record CreateOwner(@NotBlank @Size(max = 50) String name, @Pattern(regexp = OrgForms.PHONE) String phone,
			@DecimalMin("0.01") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal sharePct) {
	}

	record OwnerJson(long personId, long householdId, String relation) {
	}

	private final OrganizationDirectory directory;
	private final OrganizationManagement management;

	OrgApiController(OrganizationDirectory directory, OrganizationManagement management) {
		this.directory = directory;
		this.management = management;
	}

	@GetMapping("/nodes/{id}")
	NodeJson node(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return NodeJson.of(directory.node(actor, id));
	}

	@GetMapping("/nodes/{id}/children")
	Page<NodeJson> children(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		PageResult<NodeView> result = directory.children(actor, id, page, size);
		return new Page<>(result.items().stream().map(NodeJson::of).toList(), page, size, result.total());
	}

	@PostMapping("/nodes")
	ResponseEntity<NodeJson> createNode(@AuthenticationPrincipal Actor actor, @Valid @RequestBody CreateNode body) {
		NodeRef created = management.createNode(actor, body.parentId(), body.type(), body.name());
		return ResponseEntity.created(URI.create("/api/v1/org/nodes/" + created.id()))
			.body(NodeJson.of(directory.node(actor, created.id())));
	}

	@PostMapping("/households")
	ResponseEntity<HouseholdJson> createHousehold(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody CreateHousehold body) {
		NodeRef created = management.createHousehold(actor, body.unitId(), body.room(), body.areaM2());
		return ResponseEntity.created(URI.create("/api/v1/org/nodes/" + created.id()))
			.body(new HouseholdJson(created.id(), body.unitId(), created.name(), body.areaM2()));
	}

	@PostMapping("/households/{id}/owners")
	ResponseEntity<OwnerJson> addOwner(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody CreateOwner body) {
		long personId = management.addPerson(actor, id, body.name(), body.phone(),
				OrganizationManagement.Relation.OWNER, body.sharePct());
		return ResponseEntity.status(201).body(new OwnerJson(personId, id, "OWNER"));
	}
}
