package org.xingfu.campaign;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xingfu.shared.Actor;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** 码上行动 over JSON: campaigns, sites, check-ins, statuses, progress, missing lists and dispatches. */
@RestController
class CampaignApiController {

	record NewCampaign(@NotBlank @Size(max = 100) String name, @NotNull Campaigns.Kind kind, Campaigns.Unit unit,
			@NotEmpty @Size(max = 50) List<Long> nodeIds, @NotNull Instant startsAt, @NotNull Instant endsAt,
			@Size(max = 20) List<Campaigns.Field> fields, Set<String> relations) {
	}

	record NewSite(@NotBlank @Size(max = 100) String name, @NotNull Long nodeId) {
	}

	record NewCheckIn(@Size(max = 40) String code, Long personId, @NotNull Long siteId,
			@Size(max = 20) Map<String, Object> values) {
	}

	/** A person of a person campaign, or a household of a household campaign. */
	record NewStatus(Long personId, Long householdId, @NotNull Campaigns.Status status, @Size(max = 200) String note) {
	}

	record NewDispatch(@NotNull Long nodeId, @NotBlank @Size(max = 1000) String message) {
	}

	private final Campaigns campaigns;
	private final Dispatches dispatches;
	private final PersonalCodes codes;

	CampaignApiController(Campaigns campaigns, Dispatches dispatches, PersonalCodes codes) {
		this.campaigns = campaigns;
		this.dispatches = dispatches;
		this.codes = codes;
	}

	@GetMapping("/api/v1/campaigns")
	List<Campaigns.Campaign> list(@AuthenticationPrincipal Actor actor) {
		return campaigns.list(actor);
	}

	@PostMapping("/api/v1/campaigns")
	ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal Actor actor, @Valid @RequestBody NewCampaign b) {
		long id = campaigns.create(actor, b.name(), b.kind(), b.unit() == null ? Campaigns.Unit.PERSON : b.unit(),
				b.nodeIds(), b.startsAt(), b.endsAt(), b.fields(), b.relations());
		return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/campaigns/" + id)
			.body(view(actor, id));
	}

	@GetMapping("/api/v1/campaigns/{id}")
	Map<String, Object> campaign(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return view(actor, id);
	}

	@PostMapping("/api/v1/campaigns/{id}/sites")
	ResponseEntity<Map<String, Object>> site(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody NewSite b) {
		campaigns.addSite(actor, id, b.name(), b.nodeId());
		return ResponseEntity.status(HttpStatus.CREATED).body(view(actor, id));
	}

	/** Idempotent per person: 201 when this scan stored the check-in, 200 with the stored one when it was there. */
	@PostMapping("/api/v1/campaigns/{id}/checkins")
	ResponseEntity<Campaigns.CheckIn> checkIn(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody NewCheckIn b) {
		Campaigns.CheckIn c = campaigns.checkIn(actor, id, b.siteId(), b.code(), b.personId(), b.values());
		return ResponseEntity.status(c.recorded() ? HttpStatus.CREATED : HttpStatus.OK).body(c);
	}

	/** A check-in from a photo of the resident's QR code (multipart {@code photo}, {@code siteId}, {@code value.*}). */
	@PostMapping(path = "/api/v1/campaigns/{id}/checkins/photo", consumes = org.springframework.http.MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<Campaigns.CheckIn> checkInByPhoto(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam long siteId, @RequestParam Map<String, String> form,
			@org.springframework.web.bind.annotation.RequestPart("photo") org.springframework.web.multipart.MultipartFile photo)
			throws java.io.IOException {
		Campaigns.CheckIn c = campaigns.checkIn(actor, id, siteId, codeIn(photo), null, values(form));
		return ResponseEntity.status(c.recorded() ? HttpStatus.CREATED : HttpStatus.OK).body(c);
	}

	/** The code in a photo, or a 400 that says none was found (a 413 or 415 for what is no picture). */
	static String codeIn(org.springframework.web.multipart.MultipartFile photo) throws java.io.IOException {
		org.xingfu.shared.Upload upload = org.xingfu.shared.Upload.of(photo);
		upload.checkedType();
		try (java.io.InputStream in = photo.getInputStream()) {
			return QrPhoto.read(in).orElseThrow(() -> new org.xingfu.shared.InvalidFieldException("photo",
					"campaign.error.noCodeInPhoto"));
		}
	}

	static Map<String, Object> values(Map<String, String> form) {
		Map<String, Object> values = new LinkedHashMap<>();
		form.forEach((k, v) -> {
			if (k.startsWith("value.")) {
				values.put(k.substring(6), v);
			}
		});
		return values;
	}

	@PostMapping("/api/v1/campaigns/{id}/statuses")
	ResponseEntity<Void> status(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody NewStatus b) {
		Long subject = b.personId() != null ? b.personId() : b.householdId();
		if (subject == null) {
			throw new org.xingfu.shared.InvalidFieldException("personId", "campaign.error.notTargeted");
		}
		campaigns.setStatus(actor, id, subject, b.status(), b.note());
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/api/v1/campaigns/{id}/progress")
	Campaigns.Progress progress(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam long nodeId) {
		return campaigns.progress(actor, id, nodeId);
	}

	@GetMapping("/api/v1/campaigns/{id}/missing")
	List<Campaigns.Missing> missing(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam long gridId) {
		return campaigns.missing(actor, id, gridId);
	}

	@PostMapping("/api/v1/campaigns/{id}/dispatches")
	ResponseEntity<Dispatches.Dispatch> dispatch(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody NewDispatch b) {
		long d = dispatches.send(actor, id, b.nodeId(), b.message());
		return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/dispatches/" + d)
			.body(dispatches.visible(actor, d));
	}

	@GetMapping("/api/v1/dispatches/{id}")
	Map<String, Object> dispatch(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		Map<String, Object> body = new LinkedHashMap<>();
		Dispatches.Dispatch d = dispatches.visible(actor, id);
		body.put("dispatch", d);
		if (actor.canRead(d.nodePath())) {
			body.put("recipients", dispatches.recipients(id));
		}
		return body;
	}

	@PostMapping("/api/v1/dispatches/{id}/ack")
	Dispatches.Dispatch ack(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return dispatches.acknowledge(actor, id);
	}

	/** The reader's own personal code, for the QR code on their phone. */
	@GetMapping("/api/v1/me/code")
	Map<String, String> myCode(@AuthenticationPrincipal Actor actor) {
		if (actor.personId() == null) {
			throw new org.xingfu.shared.NotFoundException("person", 0);
		}
		return Map.of("code", codes.codeOf(actor.personId()));
	}

	private Map<String, Object> view(Actor actor, long id) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("campaign", campaigns.visible(actor, id));
		body.put("sites", campaigns.sites(id));
		return body;
	}
}
