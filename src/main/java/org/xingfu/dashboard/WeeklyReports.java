package org.xingfu.dashboard;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.Figure;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.PdfFonts;
import org.xingfu.shared.ScopeSql;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * The weekly report of a street (or the city) as an A4 PDF in Chinese: the week's figures of every module, the
 * children compared in a bar chart and the twelve-month trend of the three rates, drawn with PDFBox (no browser
 * needed on the server). Made every Monday for the week before and on demand; kept in the database.
 */
@Service
public class WeeklyReports {

	private static final Logger log = LoggerFactory.getLogger(WeeklyReports.class);
	private static final Color RED = new Color(0xC8, 0x10, 0x2E);
	private static final Color BLUE = new Color(0x31, 0x6C, 0xC4);
	private static final Color ORANGE = new Color(0xE0, 0x8A, 0x1E);
	private static final Color GREEN = new Color(0x2E, 0x9E, 0x5B);

	public record Report(long id, long nodeId, LocalDate weekStart, int size, String madeBy, Instant madeAt) {
	}

	private final Dashboards dashboards;
	private final OrganizationDirectory directory;
	private final MessageSource messages;
	private final JdbcClient jdbc;
	private final String configuredFont;

	WeeklyReports(Dashboards dashboards, OrganizationDirectory directory, MessageSource messages, JdbcClient jdbc,
			@Value("${xingfu.notice.poster-font:}") String configuredFont) {
		this.dashboards = dashboards;
		this.directory = directory;
		this.messages = messages;
		this.jdbc = jdbc;
		this.configuredFont = configuredFont;
	}

	/** A street or the city whose reports the actor may read. */
	public NodeRef reportNode(Actor actor, long nodeId) {
		NodeRef node = dashboards.visible(actor, nodeId);
		if (node.type() != NodeType.STREET && node.type() != NodeType.CITY) {
			throw new NotFoundException("node", nodeId);
		}
		return node;
	}

	/** The Monday of the week a day falls in. */
	public static LocalDate weekOf(LocalDate day) {
		return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
	}

	/** Makes (or makes again) the report of a week and keeps it; returns its id. */
	public long make(Actor actor, long nodeId, LocalDate anyDay) {
		NodeRef node = reportNode(actor, nodeId);
		return store(node, weekOf(anyDay), actor.username());
	}

	private long store(NodeRef node, LocalDate monday, String madeBy) {
		byte[] pdf = render(node, monday);
		return jdbc.sql("""
				insert into dsh_report (city_id, node_id, week_start, pdf, made_by)
				values (?, ?, ?, ?, ?)
				on conflict (node_id, week_start, city_id) do update set pdf = excluded.pdf, made_by = excluded.made_by,
				  made_at = excluded.made_at
				returning id""")
			.params(ScopeSql.cityOf(node.path()), node.id(), monday, pdf, madeBy).query(Long.class).single();
	}

	public List<Report> list(Actor actor, long nodeId) {
		NodeRef node = reportNode(actor, nodeId);
		return jdbc.sql("""
				select id, node_id, week_start, length(pdf), made_by, made_at from dsh_report
				 where node_id = ? order by week_start desc limit 52""")
			.param(node.id())
			.query((rs, i) -> new Report(rs.getLong(1), rs.getLong(2), rs.getDate(3).toLocalDate(), rs.getInt(4),
					rs.getString(5), rs.getTimestamp(6).toInstant()))
			.list();
	}

	public byte[] pdf(Actor actor, long reportId) {
		Optional<long[]> owner = jdbc.sql("select node_id from dsh_report where id = ?").param(reportId).query(Long.class)
			.optional().map(n -> new long[] { n });
		long nodeId = owner.orElseThrow(() -> new NotFoundException("report", reportId))[0];
		reportNode(actor, nodeId);
		return jdbc.sql("select pdf from dsh_report where id = ?").param(reportId).query(byte[].class).single();
	}

	/** Every Monday morning: last week's report of every street and city. */
	@Scheduled(cron = "${xingfu.dashboard.weekly-cron:0 0 6 * * MON}", zone = "Asia/Shanghai")
	// held at least 5 minutes: a node whose clock is a little late must not start the same week again
	@SchedulerLock(name = "dashboard-weekly", lockAtLeastFor = "5m")
	void scheduled() {
		weekly();
	}

	void weekly() {
		LocalDate lastMonday = weekOf(dashboards.today()).minusWeeks(1);
		for (String type : List.of("CITY", "STREET")) {
			for (long id : jdbc.sql("select id from org_node where type = ? order by path").param(type).query(Long.class).list()) {
				directory.findNode(id).ifPresent(node -> {
					try {
						store(node, lastMonday, "system");
					}
					catch (RuntimeException ex) {
						log.warn("Weekly report of node {} failed: {}", id, ex.getMessage());
					}
				});
			}
		}
	}

	byte[] render(NodeRef node, LocalDate monday) {
		LocalDate sunday = monday.plusDays(6);
		LocalDate to = sunday.isAfter(dashboards.today()) ? dashboards.today() : sunday;
		Dashboards.Dashboard d = dashboards.build(node, directory.ancestry(node.path()), monday, to.isBefore(monday) ? monday : to,
				Set.of(), false);
		File fontFile = PdfFonts.find(configuredFont).orElseThrow(() -> new ResponseStatusException(
				HttpStatus.SERVICE_UNAVAILABLE, "服务器缺少中文字体，无法生成周报：请安装 fonts-wqy-microhei。"
						+ " No Chinese font on the server: install fonts-wqy-microhei."));
		List<AutoCloseable> opened = new ArrayList<>();
		try (PDDocument doc = new PDDocument()) {
			PDType0Font font = PdfFonts.load(doc, fontFile, opened);
			PDPage page = new PDPage(PDRectangle.A4);
			doc.addPage(page);
			float w = page.getMediaBox().getWidth();
			float h = page.getMediaBox().getHeight();
			try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
				cs.setNonStrokingColor(RED);
				cs.addRect(0, h - 70, w, 70);
				cs.fill();
				cs.setNonStrokingColor(Color.WHITE);
				text(cs, font, node.name() + " · " + msg("dashboard.weekly.title"), 20, 36, h - 40);
				text(cs, font, monday + " – " + sunday, 12, 36, h - 60);
				cs.setNonStrokingColor(Color.BLACK);
				// the figures, in two columns by section
				float y = h - 95;
				float x = 36;
				int column = 0;
				for (var section : d.sections().entrySet()) {
					// a section stays whole: it moves to the second column when it would run into the charts
					float height = 13 + 11 * section.getValue().size() + 4;
					if (y - height < 300 && column == 0) {
						column = 1;
						x = w / 2 + 6;
						y = h - 95;
					}
					if (y - height < 300) {
						break;
					}
					cs.setNonStrokingColor(RED);
					text(cs, font, msg("dashboard.section." + section.getKey()), 11, x, y);
					cs.setNonStrokingColor(Color.BLACK);
					y -= 13;
					for (Figure f : section.getValue()) {
						text(cs, font, msg(f.messageKey()), 9, x + 8, y);
						String unit = f.value() == null ? "" : msg("figure.unit." + f.kind());
						text(cs, font, f.formatted() + (unit.isEmpty() ? "" : " " + unit), 9, x + 150, y);
						y -= 11;
					}
					y -= 4;
				}
				// the children compared: received and overdue requests
				if (!d.children().isEmpty()) {
					bars(cs, font, d, 36, 170, w - 72, 115);
				}
				// the three rates over twelve months
				lines(cs, font, d, 36, 30, w - 72, 110);
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			doc.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			PdfFonts.close(opened);
		}
	}

	private void bars(PDPageContentStream cs, PDType0Font font, Dashboards.Dashboard d, float x, float y, float width,
			float height) throws IOException {
		text(cs, font, msg("dashboard.byChild") + "：" + msg("figure.request.received") + " / "
				+ msg("figure.request.overdue"), 10, x, y + height + 8);
		double max = 1;
		for (Dashboards.Row r : d.children()) {
			max = Math.max(max, number(r, "request.received"));
		}
		int n = d.children().size();
		float slot = width / n;
		float bar = Math.min(18, slot / 3);
		axis(cs, x, y, width);
		for (int i = 0; i < n; i++) {
			Dashboards.Row r = d.children().get(i);
			float bx = x + i * slot + slot / 2 - bar;
			float received = (float) (number(r, "request.received") / max * (height - 20));
			float overdue = (float) (number(r, "request.overdue") / max * (height - 20));
			cs.setNonStrokingColor(BLUE);
			cs.addRect(bx, y, bar, received);
			cs.fill();
			cs.setNonStrokingColor(ORANGE);
			cs.addRect(bx + bar, y, bar, overdue);
			cs.fill();
			cs.setNonStrokingColor(Color.BLACK);
			text(cs, font, String.valueOf((long) number(r, "request.received")), 7, bx, y + received + 2);
			String name = r.node().name();
			text(cs, font, name.length() > 6 ? name.substring(0, 6) : name, 7, x + i * slot + 2, y - 10);
		}
	}

	private void lines(PDPageContentStream cs, PDType0Font font, Dashboards.Dashboard d, float x, float y, float width,
			float height) throws IOException {
		text(cs, font, msg("dashboard.trend") + "：" + msg("figure.request.responseRate") + " / "
				+ msg("figure.request.resolutionRate") + " / " + msg("figure.request.satisfactionRate"), 10, x, y + height + 8);
		axis(cs, x, y, width);
		List<String> months = d.trend().months();
		float step = width / Math.max(1, months.size() - 1);
		Color[] colours = { BLUE, GREEN, ORANGE };
		String[] codes = { "request.responseRate", "request.resolutionRate", "request.satisfactionRate" };
		for (int s = 0; s < codes.length; s++) {
			List<BigDecimal> values = d.trend().series().get(codes[s]);
			cs.setStrokingColor(colours[s]);
			cs.setLineWidth(1.5f);
			boolean drawing = false;
			for (int i = 0; i < values.size(); i++) {
				BigDecimal v = values.get(i);
				if (v == null) {
					drawing = false;
					continue;
				}
				float px = x + i * step;
				float py = y + v.floatValue() / 100 * height;
				if (drawing) {
					cs.lineTo(px, py);
				}
				else {
					cs.moveTo(px, py);
					drawing = true;
				}
			}
			cs.stroke();
		}
		cs.setNonStrokingColor(Color.BLACK);
		for (int i = 0; i < months.size(); i += 2) {
			text(cs, font, months.get(i).substring(2), 7, x + i * step - 8, y - 10);
		}
		text(cs, font, "100%", 7, x - 24, y + height - 3);
	}

	private static void axis(PDPageContentStream cs, float x, float y, float width) throws IOException {
		cs.setStrokingColor(Color.GRAY);
		cs.setLineWidth(0.5f);
		cs.moveTo(x, y);
		cs.lineTo(x + width, y);
		cs.stroke();
	}

	private static double number(Dashboards.Row r, String code) {
		Figure f = r.get(code);
		return f == null ? 0 : f.number();
	}

	private static void text(PDPageContentStream cs, PDType0Font font, String text, float size, float x, float y)
			throws IOException {
		cs.beginText();
		cs.setFont(font, size);
		cs.newLineAtOffset(x, y);
		cs.showText(PdfFonts.printable(font, text));
		cs.endText();
	}

	private String msg(String key) {
		return messages.getMessage(key, null, key, Locale.SIMPLIFIED_CHINESE);
	}
}
