package org.xingfu.organization;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.xingfu.organization.OrganizationManagement.Relation;

/**
 * The household spreadsheet: one row per person in a household (or a household without people), with Chinese
 * headers. The same layout is the import template and the export, so an export can be corrected and re-imported.
 */
final class HouseholdSheet {

	static final List<String> HEADERS = List.of("楼栋", "单元", "房号", "专有面积(m²)", "姓名", "手机号", "身份", "产权份额(%)");

	static final Map<String, Relation> RELATIONS = Map.of("业主", Relation.OWNER, "居民", Relation.RESIDENT, "租户",
			Relation.TENANT, "OWNER", Relation.OWNER, "RESIDENT", Relation.RESIDENT, "TENANT", Relation.TENANT);

	static final Map<Relation, String> RELATION_NAMES = Map.of(Relation.OWNER, "业主", Relation.RESIDENT, "居民",
			Relation.TENANT, "租户");

	private static final Pattern PHONE = Pattern.compile("1\\d{10}");

	/** A parsed, valid row. */
	record Line(int rowNumber, String building, String unit, String room, BigDecimal areaM2, String name, String phone,
			Relation relation, BigDecimal sharePct) {
	}

	/** A problem with one cell: {@code column} is the header, {@code messageKey} the text to show. */
	record RowError(int rowNumber, String column, String messageKey) implements java.io.Serializable {
	}

	record Parsed(List<Line> lines, List<RowError> errors) {
	}

	static final int MAX_ROWS = 20_000;

	private HouseholdSheet() {
	}

	static void writeTemplate(OutputStream out) throws IOException {
		write(out, List.of(new String[] { "1号楼", "1单元", "101", "89.50", "张三", "13800001234", "业主", "100" },
				new String[] { "1号楼", "1单元", "101", "", "李四", "", "居民", "" }));
	}

	static void write(OutputStream out, List<String[]> rows) throws IOException {
		Workbook workbook = new Workbook(out, "Xingfu", "1.0");
		Worksheet sheet = workbook.newWorksheet("住户");
		for (int c = 0; c < HEADERS.size(); c++) {
			sheet.value(0, c, HEADERS.get(c));
			sheet.style(0, c).bold().set();
			sheet.width(c, c == 3 || c == 7 ? 14 : 12);
		}
		int r = 1;
		for (String[] row : rows) {
			for (int c = 0; c < row.length; c++) {
				if (row[c] != null && !row[c].isEmpty()) {
					sheet.value(r, c, row[c]);
				}
			}
			r++;
		}
		workbook.finish();
	}

	/** Reads and validates every row; nothing is imported by the caller unless {@code errors} is empty. */
	static Parsed read(InputStream in) throws IOException {
		List<Line> lines = new ArrayList<>();
		List<RowError> errors = new ArrayList<>();
		try (ReadableWorkbook workbook = new ReadableWorkbook(in)) {
			List<Row> rows;
			try (var stream = workbook.getFirstSheet().openStream()) {
				rows = stream.limit(MAX_ROWS + 2L).toList();
			}
			if (rows.isEmpty() || !header(rows.getFirst())) {
				errors.add(new RowError(1, "", "import.error.header"));
				return new Parsed(lines, errors);
			}
			if (rows.size() > MAX_ROWS + 1) {
				errors.add(new RowError(MAX_ROWS + 2, "", "import.error.tooMany"));
				return new Parsed(lines, errors);
			}
			for (Row row : rows.subList(1, rows.size())) {
				if (blank(row)) {
					continue;
				}
				parse(row, errors).ifPresent(lines::add);
			}
		}
		catch (IOException | RuntimeException ex) {
			// fastexcel throws unchecked exceptions on files that are not spreadsheets
			errors.add(new RowError(0, "", "import.error.unreadable"));
		}
		if (lines.isEmpty() && errors.isEmpty()) {
			errors.add(new RowError(2, "", "import.error.empty"));
		}
		return new Parsed(lines, errors);
	}

	private static Optional<Line> parse(Row row, List<RowError> errors) {
		int n = row.getRowNum();
		int before = errors.size();
		String building = required(row, 0, 100, errors);
		String unit = required(row, 1, 100, errors);
		String room = required(row, 2, 100, errors);
		BigDecimal area = null;
		String areaText = text(row, 3);
		if (!areaText.isEmpty()) {
			try {
				area = new BigDecimal(areaText);
				if (area.signum() <= 0 || area.scale() > 2 || area.compareTo(new BigDecimal("100000")) >= 0) {
					errors.add(new RowError(n, HEADERS.get(3), "import.error.area"));
				}
			}
			catch (NumberFormatException ex) {
				errors.add(new RowError(n, HEADERS.get(3), "import.error.area"));
			}
		}
		String name = text(row, 4);
		String phone = text(row, 5);
		String relationText = text(row, 6);
		String shareText = text(row, 7);
		Relation relation = null;
		BigDecimal share = null;
		if (name.length() > 50) {
			errors.add(new RowError(n, HEADERS.get(4), "import.error.tooLong"));
		}
		if (!phone.isEmpty() && !PHONE.matcher(phone).matches()) {
			errors.add(new RowError(n, HEADERS.get(5), "import.error.phone"));
		}
		if (!name.isEmpty()) {
			relation = RELATIONS.get(relationText.toUpperCase(Locale.ROOT));
			if (relation == null) {
				errors.add(new RowError(n, HEADERS.get(6), "import.error.relation"));
			}
		}
		else if (!phone.isEmpty() || !relationText.isEmpty() || !shareText.isEmpty()) {
			errors.add(new RowError(n, HEADERS.get(4), "import.error.required"));
		}
		if (!shareText.isEmpty()) {
			try {
				share = new BigDecimal(shareText);
				if (share.signum() <= 0 || share.compareTo(new BigDecimal("100")) > 0 || share.scale() > 2
						|| relation != Relation.OWNER) {
					errors.add(new RowError(n, HEADERS.get(7), "import.error.share"));
				}
			}
			catch (NumberFormatException ex) {
				errors.add(new RowError(n, HEADERS.get(7), "import.error.share"));
			}
		}
		if (errors.size() > before) {
			return Optional.empty();
		}
		return Optional.of(new Line(n, building, unit, room, area, name.isEmpty() ? null : name,
				phone.isEmpty() ? null : phone, relation, share));
	}

	private static String required(Row row, int column, int max, List<RowError> errors) {
		String value = text(row, column);
		if (value.isEmpty()) {
			errors.add(new RowError(row.getRowNum(), HEADERS.get(column), "import.error.required"));
		}
		else if (value.length() > max) {
			errors.add(new RowError(row.getRowNum(), HEADERS.get(column), "import.error.tooLong"));
		}
		return value;
	}

	static String text(Row row, int column) {
		if (!row.hasCell(column)) {
			return "";
		}
		String value = row.getCellText(column);
		value = value == null ? "" : value.strip();
		// a room or phone typed as a number comes back as "101.0" or "1.3800001234E10" in some editors
		if (value.matches("\\d+\\.0+")) {
			value = value.substring(0, value.indexOf('.'));
		}
		if (value.matches("\\d(\\.\\d+)?E\\d+")) {
			value = new BigDecimal(value).toPlainString();
		}
		return value;
	}

	private static boolean header(Row row) {
		for (int c = 0; c < HEADERS.size(); c++) {
			if (!HEADERS.get(c).equals(text(row, c))) {
				return false;
			}
		}
		return true;
	}

	private static boolean blank(Row row) {
		for (int c = 0; c < HEADERS.size(); c++) {
			if (!text(row, c).isEmpty()) {
				return false;
			}
		}
		return true;
	}
}
