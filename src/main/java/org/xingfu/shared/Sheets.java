package org.xingfu.shared;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * A staff list as an .xlsx sheet (fastexcel, ADR 0003): a title line with the filters that were active, bold
 * headers, one row per line. Times are written in Shanghai time as text, so the sheet reads the same everywhere.
 */
public final class Sheets {

	/** Lists export at most this many lines (the lists' own totals stop at 10,000 too). */
	public static final int MAX_ROWS = 10_000;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneId.of("Asia/Shanghai"));

	private Sheets() {
	}

	/** One sheet of a workbook: its tab name, a title line, the headers and the rows. */
	public record Sheet(String name, String title, List<String> headers, List<List<Object>> rows) {
	}

	public static byte[] of(String sheetName, String title, List<String> headers, List<List<Object>> rows) {
		return of(List.of(new Sheet(sheetName, title, headers, rows)));
	}

	public static byte[] of(List<Sheet> sheets) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			Workbook workbook = new Workbook(out, "Xingfu", "1.0");
			java.util.Set<String> names = new java.util.HashSet<>();
			for (Sheet sheet : sheets) {
				write(workbook, unique(names, sheet.name()), sheet.title(), sheet.headers(), sheet.rows());
			}
			workbook.finish();
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Tab names are unique and at most 31 characters, without the characters Excel refuses. */
	private static String unique(java.util.Set<String> names, String name) {
		String base = name == null || name.isBlank() ? "Sheet" : name.replaceAll("[\\\\/?*\\[\\]:]", " ").strip();
		base = base.length() > 28 ? base.substring(0, 28) : base;
		String candidate = base;
		for (int i = 2; !names.add(candidate); i++) {
			candidate = base + " " + i;
		}
		return candidate;
	}

	private static void write(Workbook workbook, String sheetName, String title, List<String> headers,
			List<List<Object>> rows) {
		Worksheet ws = workbook.newWorksheet(sheetName);
		ws.value(0, 0, title);
		for (int c = 0; c < headers.size(); c++) {
			ws.value(1, c, headers.get(c));
			ws.style(1, c).bold().set();
		}
		int r = 2;
		for (List<Object> row : rows) {
			for (int c = 0; c < row.size(); c++) {
				Object v = row.get(c);
				switch (v) {
					case null -> {
					}
					case Number n when !(n instanceof BigDecimal) -> ws.value(r, c, n);
					case BigDecimal b -> ws.value(r, c, b);
					case Boolean b -> ws.value(r, c, b);
					case Instant i -> ws.value(r, c, TIME.format(i));
					case LocalDate d -> ws.value(r, c, d.toString());
					default -> ws.value(r, c, v.toString());
				}
			}
			r++;
		}
	}

	/** A message in Chinese, for sheets that circulate in Chinese whatever the reader's language. */
	public static String chinese(org.springframework.context.MessageSource messages, String key) {
		return messages.getMessage(key, null, key, java.util.Locale.SIMPLIFIED_CHINESE);
	}

	public static ResponseEntity<byte[]> download(String filename, byte[] sheet) {
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
			.body(sheet);
	}
}
