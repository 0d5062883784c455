package org.xingfu.identity;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;

/** Staff open a login account for a person of their scope; the one-time password is shown once. */
@Controller
class AccountAdminController {

	private final AccountManagement accounts;

	AccountAdminController(AccountManagement accounts) {
		this.accounts = accounts;
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
}
