package org.xingfu.identity;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.organization.PersonPageSection;
import org.xingfu.organization.PersonView;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.Role;

/**
 * The login account on a person's staff page: staff open one with a one-time password (shown once), give a new one
 * to someone who forgot theirs, and disable or enable it again with a reason.
 */
@Controller
class AccountAdminController implements PersonPageSection {

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneId.of("Asia/Shanghai"));

	private final AccountManagement accounts;
	private final OrganizationDirectory directory;
	private final PersonErasure erasure;

	AccountAdminController(AccountManagement accounts, OrganizationDirectory directory, PersonErasure erasure) {
		this.accounts = accounts;
		this.directory = directory;
		this.erasure = erasure;
	}

	/** A person who moved away is erased; the page of the people search follows, since theirs shows no one. */
	@PostMapping("/admin/accounts/{personId}/erase")
	String erase(@AuthenticationPrincipal Actor actor, @PathVariable long personId,
			@RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
		try {
			erasure.erase(actor, personId, reason);
			redirect.addFlashAttribute("flash", "flash.personErased");
			return "redirect:/admin/org/people";
		}
		catch (InvalidFieldException ex) {
			redirect.addFlashAttribute("eraseError", ex.messageKey());
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("accountError", ex.messageKey());
		}
		return "redirect:/admin/org/people/" + personId + "#erase-form";
	}

	@Override
	public Optional<Section> section(Actor actor, long personId) {
		Optional<String> home = directory.personHome(actor, personId);
		if (home.isEmpty() || !actor.reaches(home.get(), Role.ORG_EDITORS)) {
			return Optional.empty();
		}
		PersonView person = directory.person(actor, personId);
		return Optional.of(section(personId, person, accounts.accountOf(actor, personId).orElse(null)));
	}

	private static Section section(long personId, PersonView person, AccountManagement.AccountState account) {
		Map<String, Object> data = new HashMap<>();
		data.put("personId", personId);
		data.put("account", account);
		data.put("expiresAt", account == null || account.passwordExpiresAt() == null ? ""
				: LOCAL.format(account.passwordExpiresAt()));
		data.put("suggestedUsername", person.masked() ? "" : person.phone());
		return new Section("identity/account-section", data);
	}

	@PostMapping("/admin/accounts")
	String open(@AuthenticationPrincipal Actor actor, @RequestParam long personId,
			@RequestParam(defaultValue = "") String username, RedirectAttributes redirect) {
		try {
			AccountManagement.OpenedAccount opened = accounts.openAccount(actor, personId, username);
			redirect.addFlashAttribute("newUsername", opened.username());
			redirect.addFlashAttribute("initialPassword", opened.initialPassword());
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("accountError", ex.messageKey());
		}
		return "redirect:/admin/org/people/" + personId;
	}

	@PostMapping("/admin/accounts/{personId}/reset")
	String reset(@AuthenticationPrincipal Actor actor, @PathVariable long personId, RedirectAttributes redirect) {
		try {
			AccountManagement.OpenedAccount opened = accounts.resetPassword(actor, personId);
			redirect.addFlashAttribute("newUsername", opened.username());
			redirect.addFlashAttribute("initialPassword", opened.initialPassword());
			redirect.addFlashAttribute("passwordReset", true);
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("accountError", ex.messageKey());
		}
		return "redirect:/admin/org/people/" + personId + "#account";
	}

	@PostMapping("/admin/accounts/{personId}/{verb:disable|enable}")
	String enable(@AuthenticationPrincipal Actor actor, @PathVariable long personId, @PathVariable String verb,
			@RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
		boolean enabled = verb.equals("enable");
		try {
			accounts.enable(actor, personId, enabled, reason);
			redirect.addFlashAttribute("flash", enabled ? "flash.accountEnabled" : "flash.accountDisabled");
		}
		catch (InvalidFieldException ex) {
			redirect.addFlashAttribute("reasonError", ex.messageKey());
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("accountError", ex.messageKey());
		}
		return "redirect:/admin/org/people/" + personId + "#account";
	}
}
