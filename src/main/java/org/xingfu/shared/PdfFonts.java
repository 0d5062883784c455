package org.xingfu.shared;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Chinese in PDFs (board posters, weekly reports): a TrueType font with the glyphs, found on the server and embedded
 * as a subset so the file stays small. PDFBox embeds TrueType outlines, so the font is a .ttf or .ttc, such as
 * Debian's fonts-wqy-microhei (which .ci/run installs).
 */
public final class PdfFonts {

	/** TrueType fonts with Chinese glyphs where Debian, Windows and macOS put them. */
	public static final List<String> SYSTEM_FONTS = List.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
			"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
			"/usr/share/fonts/truetype/arphic/uming.ttc", "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/simhei.ttf",
			"/System/Library/Fonts/STHeiti Medium.ttc", "/Library/Fonts/Arial Unicode.ttf");

	private PdfFonts() {
	}

	/** The configured font if it is readable, else the first system font found. */
	public static Optional<File> find(String configured) {
		List<String> candidates = new ArrayList<>();
		if (configured != null && !configured.isEmpty()) {
			candidates.add(configured);
		}
		candidates.addAll(SYSTEM_FONTS);
		return candidates.stream().map(File::new).filter(File::canRead).findFirst();
	}

	/**
	 * Loads the font into the document as an embedded subset; a collection (.ttc) gives its first face. The
	 * collection stays open until the document is saved, so the caller closes what {@code opened} receives.
	 */
	public static PDType0Font load(PDDocument doc, File file, List<AutoCloseable> opened) throws IOException {
		if (!file.getName().endsWith(".ttc")) {
			return PDType0Font.load(doc, file);
		}
		TrueTypeCollection collection = new TrueTypeCollection(file);
		opened.add(collection);
		AtomicReference<TrueTypeFont> first = new AtomicReference<>();
		collection.processAllFonts(font -> first.compareAndSet(null, font));
		return PDType0Font.load(doc, first.get(), true);
	}

	/** Closes what {@link #load} opened, after the document is saved. */
	public static void close(List<AutoCloseable> opened) {
		for (AutoCloseable c : opened) {
			try {
				c.close();
			}
			catch (Exception ex) {
				// a font file left open until the collector closes it
			}
		}
	}

	/** Leaves out characters the font has no glyph for (an emoji in a name), rather than failing. */
	public static String printable(PDType0Font font, String text) {
		StringBuilder out = new StringBuilder();
		text.codePoints().forEach(cp -> {
			String ch = new String(Character.toChars(cp));
			try {
				font.encode(ch);
				out.append(ch);
			}
			catch (IllegalArgumentException | IOException ex) {
				// no glyph: left out
			}
		});
		return out.toString();
	}
}
