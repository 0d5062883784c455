package org.xingfu.request;

import java.io.StringWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.xingfu.shared.Actor;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NotFoundException;

import tools.jackson.databind.json.JsonMapper;

/**
 * Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) over the request module, in JSON and XML. Services are the
 * categories; {@code address_id} is the id of a compound, building or household; the life cycle maps onto
 * open / closed, with the owner as agency_responsible and the resolution deadline as expected_datetime. Reading
 * and filing need an api_key, and a key reaches only the subtree of the node it was issued for.
 */
@RestController
@RequestMapping("/open311/v2")
class Open311Controller {

	/** An Open311 error: answered as [{code, description}] with the same HTTP status. */
	static class Open311Error extends RuntimeException {
		final int code;

		Open311Error(int code, String description) {
			super(description);
			this.code = code;
		}
	}

	private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

	private final RequestQueries queries;
	private final RequestManagement management;
	private final Open311Clients clients;
	private final JsonMapper json;

	Open311Controller(RequestQueries queries, RequestManagement management, Open311Clients clients, JsonMapper json) {
		this.queries = queries;
		this.management = management;
		this.clients = clients;
		this.json = json;
	}

	@GetMapping("/discovery.{format}")
	ResponseEntity<String> discovery(@PathVariable String format) {
		String base = ServletUriComponentsBuilder.fromCurrentContextPath().path("/open311/v2").toUriString();
		Map<String, Object> endpoint = new LinkedHashMap<>();
		endpoint.put("specification", "http://wiki.open311.org/GeoReport_v2");
		endpoint.put("url", base);
		endpoint.put("changeset", "2026-11-29T00:00:00+08:00");
		endpoint.put("type", "production");
		endpoint.put("formats", List.of("application/json", "text/xml"));
		Map<String, Object> discovery = new LinkedHashMap<>();
		discovery.put("changeset", "2026-11-29T00:00:00+08:00");
		discovery.put("contact", "本市接诉即办平台管理员");
		discovery.put("key_service", "api_key 由市级管理员在“Open311 接入”页面发放");
		discovery.put("endpoints", List.of(endpoint));
		return render(format, "discovery", null, discovery);
	}

	@GetMapping("/services.{format}")
	ResponseEntity<String> services(@PathVariable String format) {
		List<Map<String, Object>> services = new ArrayList<>();
		for (RequestQueries.Category c : queries.categories(RequestRules.DEFAULTS)) {
			Map<String, Object> s = new LinkedHashMap<>();
			s.put("service_code", c.code());
			s.put("service_name", c.nameZh());
			s.put("description", c.criteria() == null ? c.nameZh() : c.nameZh() + "：" + c.criteria());
			s.put("metadata", false);
			s.put("type", "realtime");
			s.put("keywords", c.nameEn());
			s.put("group", c.group().equals("COMPOUND") ? "小区事务" : "城市管理");
			services.add(s);
		}
		return render(format, "services", "service", services);
	}

	@GetMapping("/services/{code}.{format}")
	ResponseEntity<String> definition(@PathVariable String code, @PathVariable String format) {
		queries.categories(RequestRules.DEFAULTS).stream().filter(c -> c.code().equals(code)).findFirst()
			.orElseThrow(() -> new Open311Error(404, "service_code not found: " + code));
		Map<String, Object> definition = new LinkedHashMap<>();
		definition.put("service_code", code);
		definition.put("attributes", List.of());
		return render(format, "service_definition", null, definition);
	}

	@PostMapping(path = "/requests.{format}", consumes = { MediaType.APPLICATION_FORM_URLENCODED_VALUE,
			MediaType.MULTIPART_FORM_DATA_VALUE })
	ResponseEntity<String> create(@PathVariable String format, @RequestParam Map<String, String> params) {
		Actor client = client(params.get("api_key"));
		String code = params.getOrDefault("service_code", "");
		String description = params.getOrDefault("description", "").strip();
		if (code.isBlank()) {
			throw new Open311Error(400, "service_code is required");
		}
		if (!management.categoryExists(code)) {
			throw new Open311Error(404, "service_code not found: " + code);
		}
		if (description.isEmpty() || description.length() > 2000) {
			throw new Open311Error(400, "description is required (at most 2000 characters)");
		}
		long addressId;
		try {
			addressId = Long.parseLong(params.getOrDefault("address_id", ""));
		}
		catch (NumberFormatException ex) {
			throw new Open311Error(400, "address_id is required: the id of a compound, building or household");
		}
		String name = (params.getOrDefault("last_name", "") + params.getOrDefault("first_name", "")).strip();
		String phone = params.getOrDefault("phone", "").strip();
		if (!phone.isEmpty() && !phone.matches("1\\d{10}")) {
			throw new Open311Error(400, "phone must be an 11-digit mobile number");
		}
		String title = description.codePointCount(0, description.length()) > 30
				? description.substring(0, description.offsetByCodePoints(0, 30)) : description;
		long id;
		try {
			id = management.submit(client, new RequestManagement.Submission(code, title, description,
					code.equals("EMERGENCY_EVENT") ? "EMERGENCY" : "GENERAL", addressId, "OPEN311",
					name.isEmpty() ? null : name.length() > 50 ? name.substring(0, 50) : name,
					phone.isEmpty() ? null : phone, null));
		}
		catch (NotFoundException | InvalidFieldException ex) {
			throw new Open311Error(400, "address_id is not a compound, building or household this api_key reaches");
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("service_request_id", String.valueOf(id));
		answer.put("service_notice", "已受理登记，请留意办理进度");
		answer.put("account_id", null);
		return render(format, "service_requests", "request", List.of(answer), HttpStatus.CREATED);
	}

	@GetMapping("/requests.{format}")
	ResponseEntity<String> list(@PathVariable String format, @RequestParam Map<String, String> params) {
		Actor client = client(params.get("api_key"));
		List<RequestView> found = new ArrayList<>();
		String ids = params.get("service_request_id");
		if (ids != null && !ids.isBlank()) {
			for (String s : ids.split(",")) {
				try {
					found.add(queries.detail(client, Long.parseLong(s.strip())));
				}
				catch (NumberFormatException | NotFoundException ex) {
					// unknown ids are left out, as the specification asks
				}
			}
		}
		else {
			List<String> codes = params.get("service_code") == null ? List.of()
					: Arrays.stream(params.get("service_code").split(",")).map(String::strip).toList();
			Instant end = parse(params.get("end_date")).orElse(Instant.now());
			Instant start = parse(params.get("start_date")).orElse(end.minusSeconds(90L * 24 * 3600));
			String status = params.get("status");
			for (RequestView r : queries.list(client, new RequestQueries.Filter(null, null, null, null), 0, 1000).items()) {
				boolean codeOk = codes.isEmpty() || codes.contains(r.category());
				boolean timeOk = !r.submittedAt().isBefore(start) && r.submittedAt().isBefore(end);
				boolean statusOk = status == null || status.isBlank() || status.equals(openOrClosed(r.status()));
				if (codeOk && timeOk && statusOk) {
					found.add(r);
				}
			}
		}
		return render(format, "service_requests", "request", found.stream().map(Open311Controller::request).toList());
	}

	@GetMapping("/requests/{id}.{format}")
	ResponseEntity<String> one(@PathVariable String id, @PathVariable String format,
			@RequestParam(name = "api_key", required = false) String apiKey) {
		Actor client = client(apiKey);
		try {
			return render(format, "service_requests", "request",
					List.of(request(queries.detail(client, Long.parseLong(id)))));
		}
		catch (NumberFormatException | NotFoundException ex) {
			throw new Open311Error(404, "service_request_id not found: " + id);
		}
	}

	/** Requests are numbered at once, so a token is simply the request id. */
	@GetMapping("/tokens/{token}.{format}")
	ResponseEntity<String> token(@PathVariable String token, @PathVariable String format,
			@RequestParam(name = "api_key", required = false) String apiKey) {
		Actor client = client(apiKey);
		try {
			queries.detail(client, Long.parseLong(token));
		}
		catch (NumberFormatException | NotFoundException ex) {
			throw new Open311Error(404, "token not found: " + token);
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("service_request_id", token);
		answer.put("token", token);
		return render(format, "service_requests", "request", List.of(answer));
	}

	@ExceptionHandler(Open311Error.class)
	ResponseEntity<String> error(Open311Error ex, jakarta.servlet.http.HttpServletRequest request) {
		String uri = request.getRequestURI();
		String format = uri.endsWith(".xml") ? "xml" : "json";
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", ex.code);
		error.put("description", ex.getMessage());
		return render(format, "errors", "error", List.of(error), HttpStatus.valueOf(ex.code));
	}

	@ExceptionHandler(org.springframework.web.bind.MissingServletRequestParameterException.class)
	ResponseEntity<String> missing(org.springframework.web.bind.MissingServletRequestParameterException ex,
			jakarta.servlet.http.HttpServletRequest request) {
		return error(new Open311Error(400, ex.getParameterName() + " is required"), request);
	}

	private Actor client(String apiKey) {
		return clients.actorFor(apiKey).orElseThrow(() -> new Open311Error(403, "a valid api_key is required"));
	}

	private static Map<String, Object> request(RequestView r) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("service_request_id", String.valueOf(r.id()));
		m.put("status", openOrClosed(r.status()));
		m.put("status_notes", r.timeline().isEmpty() ? r.status() : Optional.ofNullable(r.timeline().getLast().note())
			.orElse(r.timeline().getLast().type()));
		m.put("service_name", r.categoryName());
		m.put("service_code", r.category());
		m.put("description", r.description());
		m.put("agency_responsible", r.ownerUsername() != null ? r.ownerUsername() : r.level());
		m.put("service_notice", "");
		m.put("requested_datetime", time(r.submittedAt()));
		m.put("updated_datetime", time(r.timeline().isEmpty() ? r.submittedAt() : r.timeline().getLast().at()));
		m.put("expected_datetime", time(r.resolveDueAt()));
		m.put("address", r.place());
		m.put("address_id", String.valueOf(r.nodeId()));
		return m;
	}

	static String openOrClosed(String status) {
		return switch (status) {
			case "SUBMITTED", "ACCEPTED", "IN_PROGRESS" -> "open";
			default -> "closed";
		};
	}

	private static String time(Instant instant) {
		return instant == null ? null : OffsetDateTime.ofInstant(instant, BusinessCalendar.ZONE).format(ISO);
	}

	private static Optional<Instant> parse(String value) {
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(OffsetDateTime.parse(value.strip()).toInstant());
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw new Open311Error(400, "dates must be ISO 8601 with an offset, e.g. 2026-11-01T00:00:00+08:00");
		}
	}

	private ResponseEntity<String> render(String format, String root, String item, Object body) {
		return render(format, root, item, body, HttpStatus.OK);
	}

	private ResponseEntity<String> render(String format, String root, String item, Object body, HttpStatus status) {
		if (format.equals("json")) {
			return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body));
		}
		if (!format.equals("xml")) {
			throw new Open311Error(400, "format must be json or xml");
		}
		try {
			StringWriter out = new StringWriter();
			XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
			xml.writeStartDocument("UTF-8", "1.0");
			xml.writeStartElement(root);
			if (body instanceof List<?> list) {
				for (Object element : list) {
					writeElement(xml, item, element);
				}
			}
			else {
				writeFields(xml, (Map<?, ?>) body);
			}
			xml.writeEndElement();
			xml.writeEndDocument();
			return ResponseEntity.status(status).contentType(new MediaType("text", "xml", java.nio.charset.StandardCharsets.UTF_8))
				.body(out.toString());
		}
		catch (XMLStreamException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void writeElement(XMLStreamWriter xml, String name, Object value) throws XMLStreamException {
		xml.writeStartElement(name);
		if (value instanceof Map<?, ?> map) {
			writeFields(xml, map);
		}
		else if (value != null) {
			xml.writeCharacters(String.valueOf(value));
		}
		xml.writeEndElement();
	}

	private static void writeFields(XMLStreamWriter xml, Map<?, ?> map) throws XMLStreamException {
		for (Map.Entry<?, ?> e : map.entrySet()) {
			String key = String.valueOf(e.getKey());
			if (e.getValue() instanceof List<?> list) {
				xml.writeStartElement(key);
				String child = key.endsWith("s") ? key.substring(0, key.length() - 1) : "item";
				for (Object element : list) {
					writeElement(xml, key.equals("formats") ? "format" : child, element);
				}
				xml.writeEndElement();
			}
			else {
				writeElement(xml, key, e.getValue());
			}
		}
	}
}
