package org.xingfu.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.w3c.dom.Document;
import org.xingfu.ApiClient;
import org.xingfu.TestActors;
import org.xingfu.XingfuTest;
import org.xingfu.organization.OrganizationDirectory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Open311 GeoReport v2 conformance: every call of the specification, in JSON and in XML. */
@XingfuTest
class Open311Tests {

	@LocalServerPort
	int port;

	@Autowired
	Open311Clients clients;

	@Autowired
	OrganizationDirectory directory;

	@Autowired
	JdbcClient jdbc;

	final HttpClient http = HttpClient.newHttpClient();
	final JsonMapper mapper = JsonMapper.builder().build();
	String key;
	long building;

	@BeforeEach
	void setUp() {
		long nongchang = jdbc.sql("select id from org_node where name = '农场社区'").query(Long.class).single();
		key = clients.issue(TestActors.of(jdbc, directory, "admin"), "12345 热线", nongchang).apiKey();
		building = jdbc.sql("select b.id from org_node b join org_node c on c.id = b.parent_id where c.name = '财政小区' and b.name = '1号楼'")
			.query(Long.class).single();
	}

	@Test
	void discoveryAndServicesInBothFormats() throws Exception {
		JsonNode discovery = json(get("/open311/v2/discovery.json"));
		assertThat(discovery.get("endpoints").get(0).get("specification").asString()).contains("GeoReport_v2");
		JsonNode services = json(get("/open311/v2/services.json"));
		assertThat(services.get(0).get("service_code").asString()).isEqualTo("PROPERTY_REPAIR");
		assertThat(services.get(0).get("metadata").asBoolean()).isFalse();
		assertThat(services.get(0).get("type").asString()).isEqualTo("realtime");
		Document xml = xml(get("/open311/v2/services.xml"));
		assertThat(xml.getDocumentElement().getNodeName()).isEqualTo("services");
		assertThat(xml.getElementsByTagName("service").getLength()).isEqualTo(services.size());
		assertThat(xml.getElementsByTagName("service_code").item(0).getTextContent()).isEqualTo("PROPERTY_REPAIR");
		assertThat(json(get("/open311/v2/services/HEATING.json")).get("service_code").asString()).isEqualTo("HEATING");
		HttpResponse<String> unknown = get("/open311/v2/services/NOPE.xml");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(xml(unknown).getElementsByTagName("error").getLength()).isEqualTo(1);
	}

	@Test
	void fileReadAndFollowARequest() throws Exception {
		HttpResponse<String> created = post("/open311/v2/requests.json", Map.of("api_key", key, "service_code",
				"WATER_SUPPLY", "address_id", String.valueOf(building), "description", "12345转办：1号楼停水两天",
				"last_name", "李", "first_name", "阿姨", "phone", "13600001111"));
		assertThat(created.statusCode()).isEqualTo(201);
		String id = json(created).get(0).get("service_request_id").asString();
		assertThat(jdbc.sql("select channel from req_request where id = ?").param(Long.parseLong(id)).query(String.class)
			.single()).isEqualTo("OPEN311");

		JsonNode one = json(get("/open311/v2/requests/" + id + ".json?api_key=" + enc(key))).get(0);
		assertThat(one.get("status").asString()).isEqualTo("open");
		assertThat(one.get("service_code").asString()).isEqualTo("WATER_SUPPLY");
		assertThat(one.get("expected_datetime").asString()).endsWith("+08:00");
		assertThat(one.get("address").asString()).contains("财政小区 1号楼");
		assertThat(one.toString()).doesNotContain("13600001111");

		Document xml = xml(get("/open311/v2/requests.xml?api_key=" + enc(key) + "&service_request_id=" + id));
		assertThat(xml.getDocumentElement().getNodeName()).isEqualTo("service_requests");
		assertThat(xml.getElementsByTagName("service_request_id").item(0).getTextContent()).isEqualTo(id);
		JsonNode list = json(get("/open311/v2/requests.json?api_key=" + enc(key) + "&service_code=WATER_SUPPLY&status=open"));
		assertThat(list.findValuesAsString("service_request_id")).contains(id);
		assertThat(json(get("/open311/v2/tokens/" + id + ".json?api_key=" + enc(key))).get(0).get("service_request_id")
			.asString()).isEqualTo(id);

		// once resolved and confirmed, the request reads as closed
		ApiClient api = new ApiClient(port);
		String head = api.token("ld.caizheng.1");
		api.post("/api/v1/requests/" + id + "/accept", head, "{}");
		api.post("/api/v1/requests/" + id + "/resolve", head, "{}");
		assertThat(json(get("/open311/v2/requests/" + id + ".json?api_key=" + enc(key))).get(0).get("status").asString())
			.isEqualTo("closed");
	}

	@Test
	void errorsAreOpen311ErrorArraysWithTheHttpStatus() throws Exception {
		HttpResponse<String> noKey = post("/open311/v2/requests.json", Map.of("service_code", "HEATING", "address_id",
				String.valueOf(building), "description", "x"));
		assertThat(noKey.statusCode()).isEqualTo(403);
		assertThat(json(noKey).get(0).get("code").asInt()).isEqualTo(403);
		HttpResponse<String> noCode = post("/open311/v2/requests.xml", Map.of("api_key", key, "address_id",
				String.valueOf(building), "description", "x"));
		assertThat(noCode.statusCode()).isEqualTo(400);
		assertThat(xml(noCode).getElementsByTagName("description").item(0).getTextContent()).contains("service_code");
		HttpResponse<String> noAddress = post("/open311/v2/requests.json", Map.of("api_key", key, "service_code", "HEATING",
				"description", "不热"));
		assertThat(noAddress.statusCode()).isEqualTo(400);
		// a compound outside the key's community cannot be filed for or read
		long xinmin = jdbc.sql("select id from org_node where type = 'COMPOUND' and parent_id = (select id from org_node where name = '新民社区') order by id limit 1")
			.query(Long.class).single();
		assertThat(post("/open311/v2/requests.json", Map.of("api_key", key, "service_code", "HEATING", "address_id",
				String.valueOf(xinmin), "description", "不热")).statusCode()).isEqualTo(400);
		assertThat(get("/open311/v2/requests/999999999.json?api_key=" + enc(key)).statusCode()).isEqualTo(404);
		assertThat(get("/open311/v2/requests.json").statusCode()).isEqualTo(403);
		assertThat(get("/open311/v2/services.yaml").statusCode()).isEqualTo(400);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
		String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
			.collect(Collectors.joining("&"));
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode json(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		return mapper.readTree(response.body());
	}

	private static Document xml(HttpResponse<String> response) throws Exception {
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
		return DocumentBuilderFactory.newInstance().newDocumentBuilder()
			.parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
	}

	private static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}
}
