package org.xingfu.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.Role;

/**
 * The city administrator's system page: which database the installation runs on, its backups (with a button for one
 * now) and where the files are that are kept outside the database. The backups are the installation's, not one
 * city's: the page lists them and makes one, and never hands one out.
 */
@Controller
class SystemAdminController {

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneId.of("Asia/Shanghai"));

	/** A backup as the page lists it. */
	record BackupRow(String name, long megabytes, String at) {
	}

	private final ObjectProvider<NightlyBackups> backups;
	private final JdbcClient jdbc;
	private final ApplicationEventPublisher events;
	private final String auditDir;

	SystemAdminController(ObjectProvider<NightlyBackups> backups, JdbcClient jdbc, ApplicationEventPublisher events,
			@Value("${xingfu.audit.dir:${XINGFU_DATA_DIR:data}/audit}") String auditDir) {
		this.backups = backups;
		this.jdbc = jdbc;
		this.events = events;
		this.auditDir = Path.of(auditDir).toAbsolutePath().toString();
	}

	@GetMapping("/admin/system")
	String page(@AuthenticationPrincipal Actor actor, Model model) {
		cityAdmin(actor);
		NightlyBackups embedded = backups.getIfAvailable();
		model.addAttribute("embedded", embedded != null);
		model.addAttribute("postgres", jdbc.sql("select current_setting('server_version')").query(String.class).single());
		model.addAttribute("auditDir", auditDir);
		if (embedded != null) {
			List<BackupRow> rows = embedded.list().stream().map(SystemAdminController::row).toList();
			model.addAttribute("backups", rows);
			model.addAttribute("backupDir", embedded.dir().toString());
			model.addAttribute("keep", embedded.keep());
		}
		return "admin/system";
	}

	@PostMapping("/admin/system/backup")
	String backup(@AuthenticationPrincipal Actor actor, RedirectAttributes redirect) throws IOException, SQLException {
		cityAdmin(actor);
		NightlyBackups embedded = backups.getIfAvailable();
		if (embedded == null) {
			redirect.addFlashAttribute("flash", "system.backup.external");
			return "redirect:/admin/system";
		}
		Backups.Made made = embedded.backup();
		events.publishEvent(ActionRecorded.of(actor.username(), "BACKUP_MADE", "backup", made.file().getFileName(),
				"/" + actor.cityId() + "/", made.bytes() / 1024 / 1024 + " MB"));
		redirect.addFlashAttribute("flash", "system.backup.done");
		return "redirect:/admin/system";
	}

	private static BackupRow row(Path file) {
		try {
			return new BackupRow(file.getFileName().toString(), Files.size(file) / 1024 / 1024,
					LOCAL.format(Files.getLastModifiedTime(file).toInstant()));
		}
		catch (IOException ex) {
			return new BackupRow(file.getFileName().toString(), 0, "");
		}
	}

	private static void cityAdmin(Actor actor) {
		if (!actor.has(Role.CITY_ADMIN)) {
			throw new ForbiddenException("system");
		}
	}
}
