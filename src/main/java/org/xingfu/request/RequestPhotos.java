package org.xingfu.request;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.FileStorage;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Upload;

/**
 * Photos of a request. The type is read from the file's first bytes, not from what the client claims, so a
 * renamed executable is refused (415); the size limit is 10 MB each (413) and 6 a request.
 */
@Service
public class RequestPhotos {

	static final int MAX_PHOTOS = 6;
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

	/** Adds photos to a request the actor may see and that is still open or just filed by them. */
	@Transactional
	public List<Long> add(Actor actor, long requestId, List<Upload> files) throws IOException {
		Request r = management.visible(actor, requestId);
		if (!r.status().open() && r.status() != RequestTypes.Status.RESOLVED) {
			throw new ConflictException("request.error.state", r.status().name());
		}
		long existing = jdbc.sql("select count(*) from req_photo where request_id = ?").param(requestId)
			.query(Long.class).single();
		List<Long> ids = new java.util.ArrayList<>();
		for (Upload.Stored photo : Upload.storeAll(storage, files, existing, MAX_PHOTOS, "request.error.tooManyPhotos")) {
			ids.add(jdbc.sql("""
					insert into req_photo (request_id, request_submitted_at, storage_key, content_type, size_bytes,
					  uploaded_by, city_id)
					values (?, ?, ?, ?, ?, ?, ?) returning id""")
				.params(requestId, RequestRepository.ts(r.submittedAt()), photo.key(), photo.type(), photo.size(),
						actor.username(), r.cityId())
				.query(Long.class)
				.single());
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
