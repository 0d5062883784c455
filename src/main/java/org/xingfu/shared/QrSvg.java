package org.xingfu.shared;

import io.nayuki.qrcodegen.QrCode;

/** A QR code as inline SVG: crisp on a phone screen and on a printed board, and no image file to serve. */
public final class QrSvg {

	private QrSvg() {
	}

	/** The SVG of {@code text} at medium error correction, with the standard quiet zone of four modules. */
	public static String of(String text) {
		QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
		int border = 4;
		int size = qr.size + border * 2;
		StringBuilder path = new StringBuilder();
		for (int y = 0; y < qr.size; y++) {
			for (int x = 0; x < qr.size; x++) {
				if (qr.getModule(x, y)) {
					path.append('M').append(x + border).append(',').append(y + border).append("h1v1h-1z");
				}
			}
		}
		return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
				+ "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"二维码 QR code\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
				+ "<path d=\"" + path + "\" fill=\"#000\"/></svg>";
	}
}
