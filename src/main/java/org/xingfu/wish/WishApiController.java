package org.xingfu.wish;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.xingfu.shared.Actor;
import org.xingfu.shared.PageResult;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** 微心愿 over JSON: the same steps and checks as the pages. */
@RestController
@RequestMapping("/api/v1/wishes")
class WishApiController {

	record NewWish(Long householdId, Long beneficiaryPersonId, @Size(max = 50) String beneficiaryName,
			@Size(max = 20) String beneficiaryPhone, @NotBlank @Size(max = 60) String title,
			@NotBlank @Size(max = 1000) String description,
			@NotNull @DecimalMin(value = "0.01") @Digits(integer = 8, fraction = 2) BigDecimal valueYuan,
			Integer claimantsNeeded) {
	}

	record Reason(@NotBlank @Size(max = 300) String reason) {
	}

	record Note(@Size(max = 500) String note) {
	}

	record Thanks(@Size(max = 300) String thanks) {
	}

	private final WishManagement management;
	private final WishQueries queries;

	WishApiController(WishManagement management, WishQueries queries) {
		this.management = management;
		this.queries = queries;
	}

	@GetMapping
	PageResult<WishQueries.WishView> list(@AuthenticationPrincipal Actor actor,
			@RequestParam(required = false) WishStatus status, @RequestParam(defaultValue = "false") boolean mine,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return queries.list(actor, status, mine, Math.max(0, page), Math.clamp(size, 1, 100));
	}

	@PostMapping
	ResponseEntity<WishQueries.WishView> post(@AuthenticationPrincipal Actor actor, @Valid @RequestBody NewWish body) {
		long id = management.post(actor, new WishManagement.Post(body.householdId(), body.beneficiaryPersonId(),
				body.beneficiaryName(), body.beneficiaryPhone(), body.title(), body.description(), body.valueYuan(),
				body.claimantsNeeded()));
		return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/wishes/" + id)
			.body(queries.detail(actor, id));
	}

	@GetMapping("/{id}")
	WishQueries.WishView detail(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return queries.detail(actor, id);
	}

	@PostMapping("/{id}/verify")
	WishQueries.WishView verify(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		management.verify(actor, id);
		return queries.detail(actor, id);
	}

	@PostMapping("/{id}/decline")
	WishQueries.WishView decline(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Reason body) {
		management.decline(actor, id, body.reason());
		return queries.detail(actor, id);
	}

	@PostMapping("/{id}/claim")
	WishQueries.WishView claim(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		management.claim(actor, id);
		return queries.detail(actor, id);
	}

	@PostMapping(path = "/{id}/fulfil", consumes = MediaType.APPLICATION_JSON_VALUE)
	WishQueries.WishView fulfil(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Note body) throws IOException {
		management.fulfil(actor, id, body.note(), List.of());
		return queries.detail(actor, id);
	}

	@PostMapping(path = "/{id}/photos", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<WishQueries.WishView> photos(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam("photos") List<MultipartFile> photos) throws IOException {
		management.addPhotos(actor, id, org.xingfu.shared.Upload.of(photos));
		return ResponseEntity.status(HttpStatus.CREATED).body(queries.detail(actor, id));
	}

	@PostMapping("/{id}/confirm")
	WishQueries.WishView confirm(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody(required = false) Thanks body) {
		management.confirm(actor, id, body == null ? null : body.thanks());
		return queries.detail(actor, id);
	}
}
