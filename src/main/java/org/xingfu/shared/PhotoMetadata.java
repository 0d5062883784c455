package org.xingfu.shared;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputField;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * A photo loses where it was taken before it is stored (issue 24, PIPL): a phone writes the place into the picture's
 * EXIF (GPS) and XMP, and a photo of a stairwell would tell anyone who opens it where a resident lives. JPEG keeps
 * its other EXIF (the orientation, so it is not shown sideways) without the GPS directory, and loses its XMP (Apache
 * Commons Imaging); PNG and WebP lose their EXIF and XMP chunks.
 */
public final class PhotoMetadata {

	private PhotoMetadata() {
	}

	/** The picture without its location; a picture whose metadata cannot be read loses all of it. */
	public static byte[] withoutLocation(String type, byte[] bytes) throws IOException {
		return switch (type) {
			case "image/jpeg" -> jpeg(bytes);
			case "image/png" -> png(bytes);
			case "image/webp" -> webp(bytes);
			default -> bytes;
		};
	}

	private static byte[] jpeg(byte[] bytes) throws IOException {
		byte[] out = bytes;
		try {
			ImageMetadata metadata = Imaging.getMetadata(bytes);
			TiffImageMetadata exif = metadata instanceof JpegImageMetadata jpeg ? jpeg.getExif() : null;
			if (exif != null) {
				TiffOutputSet set = exif.getOutputSet();
				TiffOutputDirectory gps = set.getGpsDirectory();
				if (gps != null) {
					for (TiffOutputField field : List.copyOf(gps.getFields())) {
						gps.removeField(field.tag);
					}
					set.removeField(ExifTagConstants.EXIF_TAG_GPSINFO);
					ByteArrayOutputStream rewritten = new ByteArrayOutputStream(bytes.length);
					// lossy: the EXIF segment is written anew, so no byte of the old location stays behind in it
					new ExifRewriter().updateExifMetadataLossy(bytes, rewritten, set);
					out = rewritten.toByteArray();
				}
			}
		}
		catch (ImagingException | RuntimeException ex) {
			ByteArrayOutputStream stripped = new ByteArrayOutputStream(bytes.length);
			try {
				new ExifRewriter().removeExifMetadata(bytes, stripped);
				out = stripped.toByteArray();
			}
			catch (ImagingException | RuntimeException again) {
				throw new UploadRejectedException(false);
			}
		}
		ByteArrayOutputStream withoutXmp = new ByteArrayOutputStream(out.length);
		try {
			new JpegXmpRewriter().removeXmpXml(out, withoutXmp);
		}
		catch (ImagingException | RuntimeException ex) {
			throw new UploadRejectedException(false);
		}
		return withoutXmp.toByteArray();
	}

	/** PNG: every chunk but eXIf and an XMP text chunk, copied as they are (each carries its own checksum). */
	static byte[] png(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
		out.write(bytes, 0, 8);
		int at = 8;
		while (at + 12 <= bytes.length) {
			int length = ByteBuffer.wrap(bytes, at, 4).getInt();
			if (length < 0 || at + 12L + length > bytes.length) {
				break;
			}
			String chunk = new String(bytes, at + 4, 4, StandardCharsets.ISO_8859_1);
			boolean xmp = (chunk.equals("iTXt") || chunk.equals("tEXt") || chunk.equals("zTXt"))
					&& new String(bytes, at + 8, Math.min(length, 17), StandardCharsets.ISO_8859_1).startsWith("XML:com.adobe.xmp");
			if (!chunk.equals("eXIf") && !xmp) {
				out.write(bytes, at, 12 + length);
			}
			at += 12 + length;
		}
		// whatever does not parse as chunks is kept as it came
		out.write(bytes, at, bytes.length - at);
		return out.toByteArray();
	}

	/** WebP: every RIFF chunk but EXIF and XMP, the extended header's flags for them cleared, the size written anew. */
	static byte[] webp(byte[] bytes) {
		ByteArrayOutputStream body = new ByteArrayOutputStream(bytes.length);
		int at = 12;
		while (at + 8 <= bytes.length) {
			int size = ByteBuffer.wrap(bytes, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
			int padded = size + (size & 1);
			if (size < 0 || at + 8L + padded > bytes.length) {
				break;
			}
			String chunk = new String(bytes, at, 4, StandardCharsets.ISO_8859_1);
			if (chunk.equals("VP8X") && size >= 1) {
				byte[] copy = java.util.Arrays.copyOfRange(bytes, at, at + 8 + padded);
				copy[8] &= (byte) ~0x0C; // the EXIF (0x08) and XMP (0x04) flags
				body.writeBytes(copy);
			}
			else if (!chunk.equals("EXIF") && !chunk.equals("XMP ")) {
				body.write(bytes, at, 8 + padded);
			}
			at += 8 + padded;
		}
		body.write(bytes, at, Math.max(0, bytes.length - at));
		ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
		header.put(bytes, 0, 4).putInt(body.size() + 4).put(bytes, 8, 4);
		ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 12);
		out.writeBytes(header.array());
		out.writeBytes(body.toByteArray());
		return out.toByteArray();
	}
}
