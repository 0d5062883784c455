package org.xingfu.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.Test;

/** Issue 24 (PIPL): a photo taken by a phone loses the place it was taken, and keeps the rest of what shows it. */
class PhotoMetadataTests {

	/** A small JPEG as a phone writes it: taken at 公主岭 (43.50 N, 124.82 E), held upright by its orientation tag. */
	static byte[] phoneJpeg() throws Exception {
		BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
		ByteArrayOutputStream plain = new ByteArrayOutputStream();
		ImageIO.write(image, "jpg", plain);
		TiffOutputSet set = new TiffOutputSet();
		set.setGpsInDegrees(124.8216, 43.5048);
		set.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 6);
		ByteArrayOutputStream tagged = new ByteArrayOutputStream();
		new ExifRewriter().updateExifMetadataLossless(plain.toByteArray(), tagged, set);
		return tagged.toByteArray();
	}

	@Test
	void aJpegLosesItsLocationAndKeepsItsOrientation() throws Exception {
		byte[] photo = phoneJpeg();
		TiffImageMetadata before = ((JpegImageMetadata) Imaging.getMetadata(photo)).getExif();
		assertThat(before.getGpsInfo()).isNotNull();

		byte[] stored = PhotoMetadata.withoutLocation("image/jpeg", photo);
		TiffImageMetadata after = ((JpegImageMetadata) Imaging.getMetadata(stored)).getExif();
		assertThat(after == null ? null : after.getGpsInfo()).isNull();
		assertThat(after.findField(TiffTagConstants.TIFF_TAG_ORIENTATION).getIntValue()).isEqualTo(6);
		// still a picture
		assertThat(ImageIO.read(new java.io.ByteArrayInputStream(stored)).getWidth()).isEqualTo(40);
	}

	@Test
	void aPngLosesItsExifChunkAndKeepsItsImage() throws Exception {
		BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
		ByteArrayOutputStream plain = new ByteArrayOutputStream();
		ImageIO.write(image, "png", plain);
		byte[] png = plain.toByteArray();
		// an eXIf chunk right after IHDR (8 + 25 bytes)
		byte[] exif = "MM\0*fake-gps-here".getBytes(StandardCharsets.ISO_8859_1);
		ByteBuffer chunk = ByteBuffer.allocate(12 + exif.length);
		chunk.putInt(exif.length).put("eXIf".getBytes(StandardCharsets.ISO_8859_1)).put(exif);
		CRC32 crc = new CRC32();
		crc.update(chunk.array(), 4, 4 + exif.length);
		chunk.putInt((int) crc.getValue());
		ByteArrayOutputStream tagged = new ByteArrayOutputStream();
		tagged.write(png, 0, 33);
		tagged.write(chunk.array());
		tagged.write(png, 33, png.length - 33);

		byte[] stored = PhotoMetadata.withoutLocation("image/png", tagged.toByteArray());
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("fake-gps-here").doesNotContain("eXIf");
		assertThat(stored).isEqualTo(png);
		assertThat(ImageIO.read(new java.io.ByteArrayInputStream(stored)).getWidth()).isEqualTo(8);
	}

	@Test
	void aWebpLosesItsExifChunkAndItsFlag() throws Exception {
		byte[] vp8x = new byte[10];
		vp8x[0] = 0x08; // EXIF present
		byte[] exif = "fake-gps-here!".getBytes(StandardCharsets.ISO_8859_1);
		ByteBuffer body = ByteBuffer.allocate(4 + 8 + 10 + 8 + exif.length).order(ByteOrder.LITTLE_ENDIAN);
		body.put("WEBP".getBytes(StandardCharsets.ISO_8859_1));
		body.put("VP8X".getBytes(StandardCharsets.ISO_8859_1)).putInt(10).put(vp8x);
		body.put("EXIF".getBytes(StandardCharsets.ISO_8859_1)).putInt(exif.length).put(exif);
		ByteBuffer riff = ByteBuffer.allocate(8 + body.capacity()).order(ByteOrder.LITTLE_ENDIAN);
		riff.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(body.capacity()).put(body.array());

		byte[] stored = PhotoMetadata.withoutLocation("image/webp", riff.array());
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("fake-gps-here").doesNotContain("EXIF");
		assertThat(stored[20] & 0x08).isZero();
		assertThat(ByteBuffer.wrap(stored, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(stored.length - 8);
	}
}
