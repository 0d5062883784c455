package org.xingfu.request;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.InputStreamSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.multipart.MultipartFile;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.FileStorage;
import org.xingfu.shared.ImageType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.UploadRejectedException;

/**
 * Photos of a request. The type is read from the file's first bytes, not from what the client claims, so a
 * renamed executable is refused (415); the size limit is 10 MB each (413) and 6 a request.
 */
@Service
public class RequestPhotos {

	static final int MAX_PHOTOS = 6;
	static final int MAX_BYTES = 10 * 1024 * 1024;

	public record Photo(long id, long requestId, String storageKey, String contentType) {
	}

	private final JdbcClient jdbc;
	private final FileStorage storage;
	private final RequestManagement management;
	private final ApplicationEventPublisher events;

	RequestPhotos(JdbcClient jdbc, FileStorage storage, RequestManagement management, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.storage = storage;
		this.management = management;
		this.events = events;
	}

	/** An uploaded file: its size and a way to read it (from Tomcat's spool file, not from memory). */
	public record Upload(long size, InputStreamSource content) {

		public static Upload of(MultipartFile file) {
			return new Upload(file.getSize(), file);
		}

		public static Upload of(byte[] bytes) {
			return new Upload(bytes.length, new ByteArrayResource(bytes));
		}
	}

	/** Checks a file before anything is stored, from its size and first bytes; returns its content type. */
	static String check(Upload upload) throws IOException {
		if (upload.size() > MAX_BYTES) {
			throw new UploadRejectedException(true);
		}
		try (InputStream in = upload.content().getInputStream()) {
			return ImageType.of(in.readNBytes(ImageType.HEAD)).orElseThrow(() -> new UploadRejectedException(false));
		}
	}

	/** Adds photos to a request the actor may see and that is still open or just filed by them. */
	@Transactional
	public List<Long> add(Actor actor, long requestId, List<Upload> files) throws IOException {
		Request r = management.visible(actor, requestId);
		if (!r.status().open() && r.status() != RequestTypes.Status.RESOLVED) {
			throw new ConflictException("request.error.state", r.status().name());
		}
		List<String> types = new java.util.ArrayList<>();
		for (Upload file : files) {
			types.add(check(file));
		}
		long existing = jdbc.sql("select count(*) from req_photo where request_id = ?").param(requestId)
			.query(Long.class).single();
		if (existing + files.size() > MAX_PHOTOS) {
			throw new ConflictException("request.error.tooManyPhotos", MAX_PHOTOS);
		}
		List<Long> ids = new java.util.ArrayList<>();
		List<String> stored = new java.util.ArrayList<>();
		storage.removeIfRolledBack(stored);
		for (int i = 0; i < files.size(); i++) {
			String type = types.get(i);
			String key;
			try (InputStream in = files.get(i).content().getInputStream()) {
				key = storage.store(in, ImageType.extension(type));
			}
			stored.add(key);
			ids.add(jdbc.sql("""
					insert into req_photo (request_id, storage_key, content_type, size_bytes, uploaded_by)
					values (?, ?, ?, ?, ?) returning id""")
				.params(requestId, key, type, files.get(i).size(), actor.username()).query(Long.class).single());
		}
		events.publishEvent(ActionRecorded.of(actor.username(), "REQUEST_PHOTOS_ADDED", "request", requestId,
				r.nodePath(), files.size() + " photos"));
		return ids;
	}

	@Transactional(readOnly = true)
	public List<Photo> of(Actor actor, long requestId) {
		management.visible(actor, requestId);
		return jdbc.sql("select id, request_id, storage_key, content_type from req_photo where request_id = ? order by id")
			.param(requestId)
			.query((rs, i) -> new Photo(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
			.list();
	}

	/** A photo's bytes, if the actor may see its request. */
	@Transactional(readOnly = true)
	public Photo find(Actor actor, long photoId) {
		Photo photo = jdbc.sql("select id, request_id, storage_key, content_type from req_photo where id = ?")
			.param(photoId)
			.query((rs, i) -> new Photo(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
			.optional().orElseThrow(() -> new NotFoundException("photo", photoId));
		management.visible(actor, photo.requestId());
		return photo;
	}

	public InputStream open(Photo photo) throws IOException {
		return storage.open(photo.storageKey());
	}
}
