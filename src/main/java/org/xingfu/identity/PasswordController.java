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
import org.xingfu.shared.ConflictException;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Everyone changes their own password here; accounts opened by staff are sent here at the first login. */
@Controller
class PasswordController {

	record PasswordForm(@NotBlank String current,
			@NotBlank @Size(min = 8, max = 100) @Pattern(regexp = "^(?=.*[A-Za-z])(?=.*\\d).*$") String next,
			@NotBlank String confirm) {
	}

	private final AccountManagement accounts;

	PasswordController(AccountManagement accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/account/password")
	String form(Model model) {
		if (!model.containsAttribute("passwordForm")) {
			model.addAttribute("passwordForm", new PasswordForm("", "", ""));
		}
		return "password";
	}

	@PostMapping("/account/password")
	String change(@AuthenticationPrincipal Actor actor, @Validated @ModelAttribute("passwordForm") PasswordForm form,
			BindingResult errors, RedirectAttributes redirect) {
		if (!errors.hasFieldErrors("confirm") && form.next() != null && !form.next().equals(form.confirm())) {
			errors.rejectValue("confirm", "password.error.confirm");
		}
		if (!errors.hasErrors()) {
			try {
				accounts.changeOwnPassword(actor, form.current(), form.next());
				redirect.addFlashAttribute("flash", "flash.passwordChanged");
				return "redirect:/";
			}
			catch (ConflictException ex) {
				errors.rejectValue("current", ex.messageKey());
			}
		}
		return "password";
	}
}
