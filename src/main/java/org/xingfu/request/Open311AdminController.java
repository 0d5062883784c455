package org.xingfu.request;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.NodeView;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.Role;

/** City admins issue and disable the api keys of Open311 partner systems. */
@Controller
@RequestMapping("/admin/open311")
class Open311AdminController {

	private final Open311Clients clients;
	private final OrganizationDirectory directory;

	Open311AdminController(Open311Clients clients, OrganizationDirectory directory) {
		this.clients = clients;
		this.directory = directory;
	}

	@GetMapping
	String page(@AuthenticationPrincipal Actor actor, Model model) {
		requireCityAdmin(actor);
		model.addAttribute("clients", clients.list(actor));
		List<NodeRef> nodes = new ArrayList<>();
		for (NodeRef root : directory.scopeRoots(actor)) {
			nodes.add(root);
			for (NodeView child : directory.children(actor, root.id(), 0, 100).items()) {
				nodes.add(new NodeRef(child.id(), child.type(), child.name(), child.parentId(), child.path()));
			}
		}
		model.addAttribute("nodes", nodes);
		return "admin/open311";
	}

	@PostMapping
	String issue(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String name,
			@RequestParam(required = false) Long nodeId, RedirectAttributes redirect) {
		requireCityAdmin(actor);
		if (name.isBlank() || name.length() > 100 || nodeId == null) {
			redirect.addFlashAttribute("formError", "open311.error.form");
			return "redirect:/admin/open311";
		}
		Open311Clients.Issued issued = clients.issue(actor, name, nodeId);
		redirect.addFlashAttribute("apiKey", issued.apiKey());
		return "redirect:/admin/open311";
	}

	@PostMapping("/{id}/disable")
	String disable(@AuthenticationPrincipal Actor actor, @PathVariable long id, RedirectAttributes redirect) {
		requireCityAdmin(actor);
		clients.disable(actor, id);
		redirect.addFlashAttribute("flash", "flash.saved");
		return "redirect:/admin/open311";
	}

	private static void requireCityAdmin(Actor actor) {
		if (!actor.has(Role.CITY_ADMIN)) {
			throw new ForbiddenException("open311 keys");
		}
	}
}
