package org.xingfu.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.xingfu.organization.RoleTitles;
import org.xingfu.shared.Actor;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Tokens for the JSON API and who the caller is. */
@RestController
class AuthApiController {

	record TokenRequest(@NotBlank @Size(max = 50) String username, @NotBlank @Size(max = 100) String password) {
	}

	/** Changing one's password without a token: the way out of a one-time password over the API. */
	record PasswordChange(@NotBlank @Size(max = 50) String username, @NotBlank @Size(max = 200) String currentPassword,
			@NotBlank @Size(max = 200) String newPassword) {
	}

	/** Problem types of sign-in that a client acts on. */
	static final java.net.URI PASSWORD_CHANGE_REQUIRED = java.net.URI.create("urn:xingfu:problem:password-change-required");
	static final java.net.URI ACCOUNT_DISABLED = java.net.URI.create("urn:xingfu:problem:account-disabled");
	static final java.net.URI ONE_TIME_PASSWORD_EXPIRED = java.net.URI.create("urn:xingfu:problem:one-time-password-expired");

	record TokenResponse(String token, Instant expiresAt) {
	}

	record RoleView(String role, String title, long nodeId, String nodeName, String nodeType, Long gridId) {
	}

	record Me(String username, String displayName, List<RoleView> roles) {
	}

	private final Authenticator authenticator;
	private final TokenService tokens;
	private final MessageSource messages;
	private final RoleTitles titles;
	private final AccountManagement accounts;

	AuthApiController(Authenticator authenticator, TokenService tokens, MessageSource messages, RoleTitles titles,
			AccountManagement accounts) {
		this.authenticator = authenticator;
		this.tokens = tokens;
		this.messages = messages;
		this.titles = titles;
		this.accounts = accounts;
	}

	@PostMapping("/api/v1/auth/token")
	ResponseEntity<?> token(@Valid @RequestBody TokenRequest request) {
		try {
			Authenticator.SignedIn signedIn = authenticator.authenticate(request.username(), request.password());
			if (signedIn.mustChangePassword()) {
				return problem(HttpStatus.FORBIDDEN, PASSWORD_CHANGE_REQUIRED, "login.passwordChangeRequired");
			}
			TokenService.IssuedToken issued = tokens.issue(signedIn.actor().accountId());
			return ResponseEntity.ok(new TokenResponse(issued.token(), issued.expiresAt()));
		}
		catch (Authenticator.LoginRefused ex) {
			return refused(ex);
		}
	}

	/**
	 * {@code POST /api/v1/auth/password}: a new password for an account, given its current one (a one-time password
	 * included). No token: it is how an account with a one-time password gets one. Rate-limited and locked out like
	 * signing in, since it checks a password; every token and session of the account ends.
	 */
	@PostMapping("/api/v1/auth/password")
	ResponseEntity<?> changePassword(@Valid @RequestBody PasswordChange request) {
		if (PasswordRules.tooLong(request.newPassword())) {
			throw new org.xingfu.shared.InvalidFieldException("newPassword", "password.error.tooLong");
		}
		Authenticator.SignedIn signedIn;
		try {
			signedIn = authenticator.authenticate(request.username(), request.currentPassword());
		}
		catch (Authenticator.LoginRefused ex) {
			return refused(ex);
		}
		try {
			accounts.changePassword(signedIn.account(), request.currentPassword(), request.newPassword());
		}
		catch (org.xingfu.shared.InvalidFieldException ex) {
			// named as the API names its fields
			throw new org.xingfu.shared.InvalidFieldException("current".equals(ex.field()) ? "currentPassword" : "newPassword",
					ex.messageKey());
		}
		return ResponseEntity.noContent().build();
	}

	private ResponseEntity<?> refused(Authenticator.LoginRefused ex) {
			if (ex.failure() == Authenticator.Failure.LOCKED) {
				long seconds = Math.max(1, Duration.between(Instant.now(), ex.lockedUntil()).toSeconds());
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.LOCKED,
						message("login.locked", (seconds + 59) / 60));
				problem.setProperty("lockedUntil", ex.lockedUntil());
				return ResponseEntity.status(HttpStatus.LOCKED).header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
					.body(problem);
			}
			if (ex.failure() == Authenticator.Failure.DISABLED) {
				return problem(HttpStatus.FORBIDDEN, ACCOUNT_DISABLED, "login.disabled");
			}
			if (ex.failure() == Authenticator.Failure.EXPIRED) {
				return problem(HttpStatus.UNAUTHORIZED, ONE_TIME_PASSWORD_EXPIRED, "login.expired");
			}
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, message("login.error")));
	}

	private ResponseEntity<ProblemDetail> problem(HttpStatus status, java.net.URI type, String key) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message(key));
		problem.setType(type);
		return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	@GetMapping("/api/v1/me")
	Me me(@AuthenticationPrincipal Actor actor) {
		List<RoleView> roles = actor.grants().stream()
			.map(g -> new RoleView(g.role().name(), titles.title(g.role()),
					g.nodeId(), g.nodeName(), g.nodeType().name(), g.gridId()))
			.toList();
		return new Me(actor.username(), actor.displayName(), roles);
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
