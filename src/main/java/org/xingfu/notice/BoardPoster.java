package org.xingfu.notice;

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
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.xingfu.shared.PdfFonts;

import io.nayuki.qrcodegen.QrCode;

/**
 * The A4 poster for a notice board: its name and place, a large QR code that opens the board's page, and a line
 * telling people what to do. Chinese needs a font with its glyphs embedded in the PDF (a subset, so the file stays
 * small); PDFBox embeds TrueType outlines, so the font is a .ttf or .ttc, such as Debian's fonts-wqy-microhei.
 */
@Component
class BoardPoster {

	private static final Color RED = new Color(0xC8, 0x10, 0x2E);

	private final NoticeSettings settings;

	BoardPoster(NoticeSettings settings) {
		this.settings = settings;
	}

	byte[] render(String boardName, String place, String address, String url) throws IOException {
		File fontFile = fontFile();
		List<AutoCloseable> opened = new ArrayList<>();
		try (PDDocument doc = new PDDocument()) {
			PDType0Font font = PdfFonts.load(doc, fontFile, opened);
			PDPage page = new PDPage(PDRectangle.A4);
			doc.addPage(page);
			float w = page.getMediaBox().getWidth();
			float h = page.getMediaBox().getHeight();
			try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
				cs.setNonStrokingColor(RED);
				cs.addRect(0, h - 150, w, 150);
				cs.fill();
				cs.setNonStrokingColor(Color.WHITE);
				centered(cs, font, "公 示 栏", 48, w, h - 85);
				centered(cs, font, fit(font, boardName, 26, w - 60), 26, w, h - 130);
				cs.setNonStrokingColor(Color.BLACK);
				centered(cs, font, fit(font, address, 16, w - 60), 16, w, h - 190);
				centered(cs, font, fit(font, place, 14, w - 60), 14, w, h - 215);
				QrCode qr = QrCode.encodeText(url, QrCode.Ecc.QUARTILE);
				float side = 330;
				float cell = side / qr.size;
				float x0 = (w - side) / 2;
				float y0 = h - 250 - side;
				for (int y = 0; y < qr.size; y++) {
					for (int x = 0; x < qr.size; x++) {
						if (qr.getModule(x, y)) {
							cs.addRect(x0 + x * cell, y0 + (qr.size - 1 - y) * cell, cell + 0.05f, cell + 0.05f);
						}
					}
				}
				cs.fill();
				centered(cs, font, "手机扫一扫，查看本公示栏的最新公示", 22, w, y0 - 45);
				centered(cs, font, "无需登录 · 对公示有异议可在线提出", 14, w, y0 - 72);
				centered(cs, font, url, 11, w, y0 - 100);
				cs.setNonStrokingColor(Color.GRAY);
				centered(cs, font, "幸福 · 基层治理平台", 11, w, 40);
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			doc.save(out);
			return out.toByteArray();
		}
		finally {
			PdfFonts.close(opened);
		}
	}

	File fontFile() {
		return PdfFonts.find(settings.posterFont())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
					"服务器缺少中文字体，无法生成海报：请安装 fonts-wqy-microhei，或设置 xingfu.notice.poster-font。"
							+ " No Chinese font on the server: install fonts-wqy-microhei or set xingfu.notice.poster-font."));
	}

	private static void centered(PDPageContentStream cs, PDType0Font font, String text, float size, float pageWidth,
			float y) throws IOException {
		text = printable(font, text);
		float width = font.getStringWidth(text) / 1000 * size;
		cs.beginText();
		cs.setFont(font, size);
		cs.newLineAtOffset((pageWidth - width) / 2, y);
		cs.showText(text);
		cs.endText();
	}

	static String printable(PDType0Font font, String text) {
		return PdfFonts.printable(font, text);
	}

	/** Shortens a long line with an ellipsis so it fits the page. */
	private static String fit(PDType0Font font, String text, float size, float max) throws IOException {
		String s = printable(font, text);
		while (s.length() > 1 && font.getStringWidth(s) / 1000 * size > max) {
			s = s.substring(0, s.length() - 2) + "…";
		}
		return s;
	}
}
