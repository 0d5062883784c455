package org.xingfu.fund;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.xingfu.shared.Actor;
import org.xingfu.shared.Upload;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** 维修资金 over JSON: accounts, applications and their steps, and the shares. Amounts are in cents. */
@RestController
@RequestMapping("/api/v1/fund")
class FundApiController {

	record NewApplication(@NotNull Long compoundId, @Pattern(regexp = "EMERGENCY|NORMAL") String kind, Long ballotId,
			@NotNull FundApplications.Hazard hazard, @NotEmpty @Size(max = 100) List<Long> buildingIds,
			@NotBlank @Size(max = 2000) String scope, @Size(max = 4000) String plan,
			@NotNull @Positive Long budgetCents, @NotBlank @Size(max = 100) String contractor, Boolean preNotice) {
	}

	record Note(@Size(max = 1000) String note) {
	}

	record Reason(@NotBlank @Size(max = 1000) String reason) {
	}

	record Completion(@NotNull @Positive Long actualCostCents, @Size(max = 1000) String note) {
	}

	record Credit(@NotNull Long buildingId, @NotNull @Pattern(regexp = "DEPOSIT|INTEREST") String kind,
			@NotNull @Positive Long amountCents, @NotBlank @Size(max = 200) String memo) {
	}

	private final FundApplications applications;
	private final FundAccounts accounts;

	FundApiController(FundApplications applications, FundAccounts accounts) {
		this.applications = applications;
		this.accounts = accounts;
	}

	@GetMapping("/accounts/{compoundId}")
	FundAccounts.Account account(@AuthenticationPrincipal Actor actor, @PathVariable long compoundId) {
		return accounts.account(actor, compoundId, 200);
	}

	@PostMapping("/accounts/{compoundId}/credits")
	ResponseEntity<FundAccounts.Account> credit(@AuthenticationPrincipal Actor actor, @PathVariable long compoundId,
			@Valid @RequestBody Credit body) {
		accounts.credit(actor, compoundId, body.buildingId(), body.kind(), body.amountCents(), body.memo());
		return ResponseEntity.status(HttpStatus.CREATED).body(accounts.account(actor, compoundId, 200));
	}

	@GetMapping("/applications")
	List<FundApplications.Application> list(@AuthenticationPrincipal Actor actor) {
		return applications.list(actor, 200);
	}

	@PostMapping("/applications")
	ResponseEntity<Map<String, Object>> file(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody NewApplication body) throws IOException {
		long id = applications.file(actor, new FundApplications.NewApplication(body.compoundId(),
				body.kind() == null ? "EMERGENCY" : body.kind(), body.ballotId(), body.hazard(), body.buildingIds(),
				body.scope(), body.plan() == null ? "" : body.plan(), body.budgetCents(), body.contractor(),
				Boolean.TRUE.equals(body.preNotice())), List.of());
		return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/fund/applications/" + id)
			.body(view(actor, id));
	}

	@GetMapping("/applications/{id}")
	Map<String, Object> application(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return view(actor, id);
	}

	@PostMapping(path = "/applications/{id}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<Map<String, Object>> evidence(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestPart("photos") List<MultipartFile> photos) throws IOException {
		applications.addEvidence(actor, id, Upload.of(photos));
		return ResponseEntity.status(HttpStatus.CREATED).body(view(actor, id));
	}

	@PostMapping("/applications/{id}/confirm")
	Map<String, Object> confirm(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody(required = false) Note body) {
		applications.confirm(actor, id, body == null ? null : body.note());
		return view(actor, id);
	}

	@PostMapping("/applications/{id}/approve")
	Map<String, Object> approve(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		applications.approve(actor, id);
		return view(actor, id);
	}

	@PostMapping("/applications/{id}/reject")
	Map<String, Object> reject(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Reason body) {
		applications.reject(actor, id, body.reason());
		return view(actor, id);
	}

	@PostMapping("/applications/{id}/complete")
	Map<String, Object> complete(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Completion body) {
		applications.complete(actor, id, body.actualCostCents(), body.note());
		return view(actor, id);
	}

	@GetMapping("/applications/{id}/shares")
	List<FundApplications.ShareLine> shares(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return applications.shares(actor, id);
	}

	@GetMapping("/applications/{id}/evidence/{photoId}")
	ResponseEntity<org.springframework.core.io.InputStreamResource> photo(@AuthenticationPrincipal Actor actor,
			@PathVariable long id, @PathVariable long photoId) throws IOException {
		String[] photo = applications.evidencePhoto(actor, id, photoId);
		return Upload.serve(applications.storage(), photo[0], photo[1]);
	}

	private Map<String, Object> view(Actor actor, long id) {
		FundApplications.Application a = applications.visible(actor, id);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("application", a);
		body.put("overdue", a.overdueAt(Instant.now()));
		body.put("evidence", applications.evidence(id));
		body.put("shareCount", a.actualCostCents() == null ? 0 : applications.shares(actor, id).size());
		return body;
	}
}
