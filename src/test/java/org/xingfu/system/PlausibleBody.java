package org.xingfu.system;

import java.util.Iterator;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * A JSON body that passes an operation's schema in the OpenAPI document as far as the schema can tell: text for
 * strings (a date for dates, the first value of an enum), 1 or the minimum for numbers, true, one item for arrays
 * that need one. Used to reach the checks behind the body's validation, the scope among them.
 */
final class PlausibleBody {

	private static final java.time.LocalDate SOON = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"))
		.plusDays(2);


	private PlausibleBody() {
	}

	static String of(JsonNode operation, JsonNode doc) {
		if (!operation.has("requestBody") || !operation.get("requestBody").get("content").has("application/json")) {
			return "{}";
		}
		return value(operation.get("requestBody").get("content").get("application/json").get("schema"), doc, 0);
	}

	private static String value(JsonNode schema, JsonNode doc, int depth) {
		schema = resolve(schema, doc);
		if (schema == null || depth > 4) {
			return "null";
		}
		if (schema.has("enum")) {
			return quote(schema.get("enum").get(0).asString());
		}
		String type = schema.has("type") ? schema.get("type").asString() : schema.has("properties") ? "object" : "string";
		String format = schema.has("format") ? schema.get("format").asString() : "";
		return switch (type) {
			case "integer", "number" -> schema.has("minimum") ? schema.get("minimum").asString() : "1";
			case "boolean" -> "true";
			case "array" -> schema.has("minItems") && schema.get("minItems").asInt() > 0
					? "[" + value(schema.get("items"), doc, depth + 1) + "]" : "[]";
			case "object" -> {
				StringBuilder b = new StringBuilder("{");
				if (schema.has("properties")) {
					for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").properties().iterator(); it.hasNext();) {
						Map.Entry<String, JsonNode> p = it.next();
						if (b.length() > 1) {
							b.append(',');
						}
						b.append(quote(p.getKey())).append(':').append(value(p.getValue(), doc, depth + 1));
					}
				}
				yield b.append('}').toString();
			}
			default -> switch (format) {
				// two days ahead, as 2026-12-01 was when changes.tsv was recorded: a fixed date turned past and
				// changed the answers (a mediation session "held" in the future is refused, in the past taken)
				case "date" -> quote(SOON.toString());
				case "date-time" -> quote(SOON + "T08:00:00Z");
				default -> quote(schema.has("maxLength") && schema.get("maxLength").asInt() < 4 ? "是" : "测试说明");
			};
		};
	}

	private static JsonNode resolve(JsonNode schema, JsonNode doc) {
		if (schema != null && schema.has("$ref")) {
			return doc.get("components").get("schemas")
				.get(schema.get("$ref").asString().replace("#/components/schemas/", ""));
		}
		return schema;
	}

	private static String quote(String s) {
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}
}
