package org.xingfu.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xingfu.request.RequestEvents;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request filed while the Kafka broker is down reaches its topic once the broker is back: the application runs
 * with externalisation on and a broker address where nothing listens yet; the event is published and its
 * publication stays incomplete in the JDBC registry; then a real single-node KRaft broker (Apache Kafka's own
 * server from Maven Central, in its own JVM) starts on that address, the incomplete publication is sent again, and
 * a consumer reads it, without the resident's words. Its own application context and database (no demo
 * city), closed afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"xingfu.embedded-db.data-dir=target/test-pg-kafka", "xingfu.demo.enabled=false",
		"spring.modulith.events.externalization.enabled=true",
		"spring.kafka.producer.properties.max.block.ms=4000",
		"spring.kafka.producer.properties.delivery.timeout.ms=4000",
		"spring.kafka.producer.properties.request.timeout.ms=2000",
		"spring.kafka.admin.operation-timeout=2s",
		"spring.kafka.admin.properties.request.timeout.ms=2000",
		"spring.kafka.admin.properties.default.api.timeout.ms=3000" })
@DirtiesContext
class KafkaExternalizationTests {

	static final int PORT = freePort();

	static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void broker(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + PORT);
	}

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EventResubmission resubmission;

	@Test
	void aRequestSubmittedDuringABrokerOutageArrivesAfterItReturns() throws Exception {
		long requestId = 800_000 + System.nanoTime() % 100_000;
		Instant at = Instant.parse("2026-11-29T08:00:00Z");
		new TransactionTemplate(transactions).executeWithoutResult(s -> events.publishEvent(
				new RequestEvents.RequestSubmitted(requestId, 42, "/1/5/42", "电梯坏了，电话13812345678",
						"PROPERTY_REPAIR", "URGENT", at)));

		// no broker: the send fails and the publication stays in the registry, incomplete
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> failed(requestId) > 0);
		assertThat(incomplete(requestId)).isEqualTo(1);

		Process broker = startBroker();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + PORT,
				ConsumerConfig.GROUP_ID_CONFIG, "hotline-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
			// the broker is back: what the outage held is sent again, as a running node does every minute (here every
			// few seconds: the first try may come while the producer still waits to reconnect or the topic is made)
			Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).until(() -> {
				if (failed(requestId) > 0) {
					resubmission.resubmit(Duration.ZERO);
				}
				return incomplete(requestId) == 0;
			});

			consumer.subscribe(List.of(KafkaExternalization.SUBMITTED));
			List<ConsumerRecord<String, String>> received = new ArrayList<>();
			Instant deadline = Instant.now().plusSeconds(30);
			while (received.isEmpty() && Instant.now().isBefore(deadline)) {
				consumer.poll(Duration.ofMillis(500)).forEach(r -> {
					if (r.key().equals(String.valueOf(requestId))) {
						received.add(r);
					}
				});
			}
			assertThat(received).as("the request on its topic, keyed by its id").hasSize(1);
			JsonNode message = JSON.readTree(received.getFirst().value());
			assertThat(message.get("requestId").asLong()).isEqualTo(requestId);
			assertThat(message.get("category").asString()).isEqualTo("PROPERTY_REPAIR");
			assertThat(message.get("nodePath").asString()).isEqualTo("/1/5/42");
			assertThat(received.getFirst().value()).as("no words typed by the resident, no phone number")
				.doesNotContain("电梯坏了").doesNotContain("13812345678");
		}
		finally {
			broker.destroy();
			broker.waitFor(20, TimeUnit.SECONDS);
		}
	}

	/**
	 * Apache Kafka's own server (kafka_2.13 from Maven Central, on the test classpath through spring-kafka-test) in
	 * its own JVM, combined broker and controller in KRaft mode, on the port the application was given: formatted,
	 * started, and ready when it answers there.
	 */
	private Process startBroker() throws Exception {
		Path dir = Files.createTempDirectory("xingfu-kafka");
		int controller = freePort();
		Path config = dir.resolve("server.properties");
		Files.writeString(config, String.join("\n", "process.roles=broker,controller", "node.id=1",
				"controller.quorum.voters=1@127.0.0.1:" + controller,
				"listeners=PLAINTEXT://127.0.0.1:" + PORT + ",CONTROLLER://127.0.0.1:" + controller,
				"advertised.listeners=PLAINTEXT://127.0.0.1:" + PORT, "controller.listener.names=CONTROLLER",
				"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
				"inter.broker.listener.name=PLAINTEXT", "log.dirs=" + dir.resolve("logs"),
				"offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
				"transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
				"share.coordinator.state.topic.min.isr=1", "group.initial.rebalance.delay.ms=0", "num.partitions=3",
				"auto.create.topics.enable=true", ""));
		String java = ProcessHandle.current().info().command().orElse("java");
		String classpath = System.getProperty("java.class.path");
		Process format = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, "kafka.tools.StorageTool", "format",
				"-t", org.apache.kafka.common.Uuid.randomUuid().toString(), "-c", config.toString())
			.redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
		assertThat(format.waitFor(60, TimeUnit.SECONDS) && format.exitValue() == 0)
			.as("storage formatted: " + Files.readString(dir.resolve("format.log"))).isTrue();
		Process broker = new ProcessBuilder(java, "-Xmx384m", "-cp", classpath, "kafka.Kafka", config.toString())
			.redirectErrorStream(true).redirectOutput(dir.resolve("broker.log").toFile()).start();
		Instant deadline = Instant.now().plusSeconds(90);
		while (true) {
			try (java.net.Socket socket = new java.net.Socket("127.0.0.1", PORT)) {
				return broker;
			}
			catch (IOException notYet) {
				assertThat(broker.isAlive()).as("broker running: " + Files.readString(dir.resolve("broker.log"))).isTrue();
				assertThat(Instant.now()).as("broker listening within 90 s").isBefore(deadline);
				Thread.sleep(250);
			}
		}
	}

	private long incomplete(long requestId) {
		return jdbc.sql("""
				select count(*) from event_publication where completion_date is null
				   and listener_id like '%Externaliz%' and serialized_event like ?""").param("%" + requestId + "%")
			.query(Long.class).single();
	}

	private long failed(long requestId) {
		return jdbc.sql("""
				select count(*) from event_publication where completion_date is null and status = 'FAILED'
				   and listener_id like '%Externaliz%' and serialized_event like ?""").param("%" + requestId + "%")
			.query(Long.class).single();
	}

	private static int freePort() {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
