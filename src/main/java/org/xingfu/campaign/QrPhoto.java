package org.xingfu.campaign;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ReaderException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/**
 * Reads a resident's QR code from a photo taken at a site (ZXing), for phones whose browser cannot read codes from
 * the camera. A phone photo is read subsampled to about 1,600 pixels across, which keeps a 12-megapixel picture to a
 * few megabytes of memory and is plenty for a code that fills part of the frame.
 */
final class QrPhoto {

	private static final int TARGET = 1600;

	private QrPhoto() {
	}

	static Optional<String> read(InputStream in) throws IOException {
		try (ImageInputStream stream = ImageIO.createImageInputStream(in)) {
			if (stream == null) {
				return Optional.empty();
			}
			Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
			if (!readers.hasNext()) {
				return Optional.empty();
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(stream, true, true);
				int width = reader.getWidth(0);
				ImageReadParam param = reader.getDefaultReadParam();
				int step = Math.max(1, width / TARGET);
				param.setSourceSubsampling(step, step, 0, 0);
				BufferedImage image = reader.read(0, param);
				return decode(image);
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	private static Optional<String> decode(BufferedImage image) {
		int w = image.getWidth();
		int h = image.getHeight();
		int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
		BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, pixels)));
		Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
		hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
		try {
			return Optional.of(new QRCodeReader().decode(bitmap, hints).getText());
		}
		catch (NotFoundException ex) {
			return Optional.empty();
		}
		catch (ReaderException ex) {
			return Optional.empty();
		}
	}
}
