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

	AuthApiController(Authenticator authenticator, TokenService tokens, MessageSource messages, RoleTitles titles) {
		this.authenticator = authenticator;
		this.tokens = tokens;
		this.messages = messages;
		this.titles = titles;
	}

	@PostMapping("/api/v1/auth/token")
	ResponseEntity<?> token(@Valid @RequestBody TokenRequest request) {
		try {
			Actor actor = authenticator.authenticate(request.username(), request.password());
			TokenService.IssuedToken issued = tokens.issue(actor.accountId());
			return ResponseEntity.ok(new TokenResponse(issued.token(), issued.expiresAt()));
		}
		catch (Authenticator.LoginRefused ex) {
			if (ex.failure() == Authenticator.Failure.LOCKED) {
				long seconds = Math.max(1, Duration.between(Instant.now(), ex.lockedUntil()).toSeconds());
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.LOCKED,
						message("login.locked", (seconds + 59) / 60));
				problem.setProperty("lockedUntil", ex.lockedUntil());
				return ResponseEntity.status(HttpStatus.LOCKED).header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
					.body(problem);
			}
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, message("login.error")));
		}
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
