package org.xingfu.identity;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.shared.Actor;
import org.xingfu.shared.InvalidFieldException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Everyone changes their own password here; whoever signed in with a one-time password is kept here until they have
 * (PasswordChangeGate). The rules are {@link PasswordRules}'; the other sessions and tokens of the account end.
 */
@Controller
class PasswordController {

	record PasswordForm(@NotBlank @Size(max = 200) String current, @NotBlank @Size(max = 200) String next,
			@NotBlank @Size(max = 200) String confirm) {
	}

	private final AccountManagement accounts;
	private final AccountRepository repository;

	PasswordController(AccountManagement accounts, AccountRepository repository) {
		this.accounts = accounts;
		this.repository = repository;
	}

	@GetMapping("/account/password")
	String form(@AuthenticationPrincipal Actor actor, Model model) {
		if (!model.containsAttribute("passwordForm")) {
			model.addAttribute("passwordForm", new PasswordForm("", "", ""));
		}
		model.addAttribute("mustChange", repository.mustChangePassword(actor.accountId()));
		return "password";
	}

	@PostMapping("/account/password")
	String change(@AuthenticationPrincipal Actor actor, @Validated @ModelAttribute("passwordForm") PasswordForm form,
			BindingResult errors, HttpServletRequest request, Model model, RedirectAttributes redirect) {
		if (!errors.hasFieldErrors("confirm") && form.next() != null && !form.next().equals(form.confirm())) {
			errors.rejectValue("confirm", "password.error.confirm");
		}
		if (!errors.hasErrors()) {
			try {
				HttpSession session = request.getSession();
				// this session goes on (the others end); its id changes once the password has
				accounts.changeOwnPassword(actor, form.current(), form.next(), session.getId());
				session.removeAttribute(PasswordChangeGate.ATTRIBUTE);
				request.changeSessionId();
				redirect.addFlashAttribute("flash", "flash.passwordChanged");
				return "redirect:/";
			}
			catch (InvalidFieldException ex) {
				errors.rejectValue(ex.field(), ex.messageKey());
			}
		}
		model.addAttribute("mustChange", repository.mustChangePassword(actor.accountId()));
		return "password";
	}
}
