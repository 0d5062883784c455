package org.xingfu.shared;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A printable A4 record in Chinese (a case, a notice, a vote result): a title, labelled fields, headings, wrapped
 * paragraphs and simple tables, flowing onto as many pages as needed, with the page number and a footer on each.
 * The font is embedded as a subset ({@link PdfFonts}), so the file prints the same on any office printer.
 */
public final class A4Document {

	private static final float MARGIN = 56;
	private static final float WIDTH = PDRectangle.A4.getWidth();
	private static final float HEIGHT = PDRectangle.A4.getHeight();
	private static final Color RED = new Color(0x8c, 0x1d, 0x18);
	private static final Color GREY = new Color(0x55, 0x55, 0x55);

	private final PDDocument doc = new PDDocument();
	private final List<AutoCloseable> opened = new ArrayList<>();
	private final PDType0Font font;
	private PDPageContentStream cs;
	private float y;

	private A4Document(File fontFile) throws IOException {
		this.font = PdfFonts.load(doc, fontFile, opened);
		newPage();
	}

	/**
	 * A new document in the configured font (or a system font with Chinese glyphs); without one the server answers
	 * 503 with what to install.
	 */
	public static A4Document open(String configuredFont) throws IOException {
		File file = PdfFonts.find(configuredFont).orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(
				org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "服务器缺少中文字体，无法生成打印件：请安装 fonts-wqy-microhei。"
						+ " No Chinese font on the server: install fonts-wqy-microhei."));
		return new A4Document(file);
	}

	/** The PDF as an answer the browser shows (and prints) in place. */
	public static org.springframework.http.ResponseEntity<byte[]> inline(String filename, byte[] pdf) {
		return org.springframework.http.ResponseEntity.ok()
			.contentType(org.springframework.http.MediaType.APPLICATION_PDF)
			.header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION, org.springframework.http.ContentDisposition
				.inline().filename(filename, java.nio.charset.StandardCharsets.UTF_8).build().toString())
			.body(pdf);
	}

	public A4Document title(String text) throws IOException {
		for (String line : wrap(text, 18, WIDTH - 2 * MARGIN)) {
			room(26);
			write(line, 18, MARGIN, RED);
			y -= 26;
		}
		cs.setStrokingColor(RED);
		cs.setLineWidth(1.5f);
		cs.moveTo(MARGIN, y + 14);
		cs.lineTo(WIDTH - MARGIN, y + 14);
		cs.stroke();
		y -= 8;
		return this;
	}

	public A4Document subtitle(String text) throws IOException {
		lines(text, 9.5f, GREY, MARGIN, 14);
		y -= 6;
		return this;
	}

	public A4Document heading(String text) throws IOException {
		y -= 8;
		room(40);
		return lines(text, 13, RED, MARGIN, 20);
	}

	/** "label：value", the value wrapped under itself. */
	public A4Document field(String label, String value) throws IOException {
		float labelWidth = 86;
		List<String> lines = wrap(value == null || value.isBlank() ? "—" : value, 11, WIDTH - 2 * MARGIN - labelWidth);
		room(17);
		write(label, 11, MARGIN, GREY);
		for (String line : lines) {
			room(17);
			write(line, 11, MARGIN + labelWidth, Color.BLACK);
			y -= 17;
		}
		return this;
	}

	public A4Document paragraph(String text) throws IOException {
		for (String part : (text == null ? "" : text).split("\r?\n", -1)) {
			lines(part.isEmpty() ? " " : part, 11, Color.BLACK, MARGIN, 17);
		}
		y -= 4;
		return this;
	}

	/** A table with a header row; column widths are shares of the text width (they need not add up to 1). */
	public A4Document table(List<String> headers, List<List<String>> rows, float... shares) throws IOException {
		float total = 0;
		for (float s : shares) {
			total += s;
		}
		float[] widths = new float[shares.length];
		for (int i = 0; i < shares.length; i++) {
			widths[i] = (WIDTH - 2 * MARGIN) * shares[i] / total;
		}
		row(headers, widths, 10, GREY, true);
		for (List<String> r : rows) {
			row(r, widths, 10, Color.BLACK, false);
		}
		y -= 6;
		return this;
	}

	private void row(List<String> cells, float[] widths, float size, Color colour, boolean header) throws IOException {
		List<List<String>> wrapped = new ArrayList<>();
		int height = 1;
		for (int i = 0; i < widths.length; i++) {
			String cell = i < cells.size() && cells.get(i) != null ? cells.get(i) : "";
			List<String> lines = wrap(cell.isEmpty() ? " " : cell, size, widths[i] - 6);
			wrapped.add(lines);
			height = Math.max(height, lines.size());
		}
		float line = size + 5;
		room(line * height + 4);
		float top = y;
		float x = MARGIN;
		for (int i = 0; i < widths.length; i++) {
			y = top;
			for (String l : wrapped.get(i)) {
				write(l, size, x + 3, colour);
				y -= line;
			}
			x += widths[i];
		}
		y = top - line * height;
		cs.setStrokingColor(header ? GREY : new Color(0xdd, 0xdd, 0xdd));
		cs.setLineWidth(header ? 0.8f : 0.4f);
		cs.moveTo(MARGIN, y + line - 3);
		cs.lineTo(WIDTH - MARGIN, y + line - 3);
		cs.stroke();
		y -= 2;
	}

	private A4Document lines(String text, float size, Color colour, float x, float leading) throws IOException {
		for (String line : wrap(text, size, WIDTH - MARGIN - x)) {
			room(leading);
			write(line, size, x, colour);
			y -= leading;
		}
		return this;
	}

	/**
	 * Breaks text into lines no wider than {@code max}: Chinese may break between any two characters; a run of Latin
	 * letters or digits moves to the next line whole when it fits there.
	 */
	List<String> wrap(String text, float size, float max) throws IOException {
		String printable = PdfFonts.printable(font, text.replace('\t', ' '));
		List<String> lines = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		int i = 0;
		while (i < printable.length()) {
			int end = i + 1;
			if (Character.isLetterOrDigit(printable.charAt(i)) && printable.charAt(i) < 0x2E80) {
				while (end < printable.length() && Character.isLetterOrDigit(printable.charAt(end))
						&& printable.charAt(end) < 0x2E80) {
					end++;
				}
			}
			String piece = printable.substring(i, end);
			if (width(line + piece, size) <= max) {
				line.append(piece);
				i = end;
			}
			else if (line.isEmpty()) {
				// a word wider than the line: cut it by characters
				int cut = i + 1;
				while (cut < end && width(printable.substring(i, cut + 1), size) <= max) {
					cut++;
				}
				lines.add(printable.substring(i, cut));
				i = cut;
			}
			else {
				lines.add(line.toString().stripTrailing());
				line.setLength(0);
				if (piece.isBlank()) {
					i = end;
				}
			}
		}
		if (!line.isEmpty() || lines.isEmpty()) {
			lines.add(line.toString());
		}
		return lines;
	}

	private float width(String text, float size) throws IOException {
		return font.getStringWidth(text) / 1000 * size;
	}

	private void write(String text, float size, float x, Color colour) throws IOException {
		cs.beginText();
		cs.setFont(font, size);
		cs.setNonStrokingColor(colour);
		cs.newLineAtOffset(x, y);
		cs.showText(text);
		cs.endText();
	}

	private void room(float needed) throws IOException {
		if (y - needed < MARGIN + 20) {
			newPage();
		}
	}

	private void newPage() throws IOException {
		if (cs != null) {
			cs.close();
		}
		PDPage page = new PDPage(PDRectangle.A4);
		doc.addPage(page);
		cs = new PDPageContentStream(doc, page);
		y = HEIGHT - MARGIN - 10;
	}

	/** Numbers the pages (第 n / m 页), writes the footer on each, and returns the file. */
	public byte[] finish(String footer) throws IOException {
		cs.close();
		int pages = doc.getNumberOfPages();
		for (int i = 0; i < pages; i++) {
			try (PDPageContentStream foot = new PDPageContentStream(doc, doc.getPage(i),
					PDPageContentStream.AppendMode.APPEND, true)) {
				String text = PdfFonts.printable(font, footer + "    第 " + (i + 1) + " / " + pages + " 页");
				foot.beginText();
				foot.setFont(font, 8.5f);
				foot.setNonStrokingColor(GREY);
				foot.newLineAtOffset(MARGIN, MARGIN - 24);
				foot.showText(text);
				foot.endText();
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		doc.save(out);
		doc.close();
		PdfFonts.close(opened);
		return out.toByteArray();
	}
}
