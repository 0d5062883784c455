package org.xingfu.identity;

import java.time.Instant;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.xingfu.shared.Actor;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Staff keep the accounts of the people of their scope over the API as on the person's page: a new one-time password,
 * disabling and enabling with a reason. Every one ends the account's sessions and tokens (enabling excepted).
 */
@RestController
class AccountApiController {

	record Reason(@NotBlank @Size(max = 200) String reason) {
	}

	record OneTimePassword(String username, String oneTimePassword, Instant expiresAt) {
	}

	private final AccountManagement accounts;
	private final PersonErasure erasure;

	AccountApiController(AccountManagement accounts, PersonErasure erasure) {
		this.accounts = accounts;
		this.erasure = erasure;
	}

	/** Erases a person who moved away (issue 24): 204; 409 when already erased. */
	@PostMapping("/api/v1/people/{personId}/erase")
	ResponseEntity<Void> erase(@AuthenticationPrincipal Actor actor, @PathVariable long personId,
			@Valid @RequestBody Reason body) {
		erasure.erase(actor, personId, body.reason());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/v1/people/{personId}/account/password-reset")
	OneTimePassword reset(@AuthenticationPrincipal Actor actor, @PathVariable long personId) {
		AccountManagement.OpenedAccount opened = accounts.resetPassword(actor, personId);
		return new OneTimePassword(opened.username(), opened.initialPassword(), opened.expiresAt());
	}

	@PostMapping("/api/v1/people/{personId}/account/disable")
	ResponseEntity<Void> disable(@AuthenticationPrincipal Actor actor, @PathVariable long personId,
			@Valid @RequestBody Reason body) {
		accounts.enable(actor, personId, false, body.reason());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/v1/people/{personId}/account/enable")
	ResponseEntity<Void> enable(@AuthenticationPrincipal Actor actor, @PathVariable long personId,
			@Valid @RequestBody Reason body) {
		accounts.enable(actor, personId, true, body.reason());
		return ResponseEntity.noContent().build();
	}
}
